import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type BureauRole = 'reviewer' | 'auditor' | 'admin';

/** An officer of one bureau; sees that bureau's subtree and nothing else. */
@Entity({ schema: 'registry', name: 'users' })
export class BureauUserEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text', unique: true })
  username!: string;

  /** `scrypt$N$r$p$salt$hash`, never logged or returned. */
  @Column({ name: 'password_hash', type: 'text', select: false })
  passwordHash!: string;

  @Column({ name: 'bureau_code', type: 'text', collation: 'C' })
  bureauCode!: string;

  @Column({ type: 'text' })
  role!: BureauRole;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  /** Set while the account is disabled: no login, and its tokens are refused (ADR 0018). */
  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;

  @Column({ name: 'disabled_by', type: 'uuid', nullable: true })
  disabledBy!: string | null;

  /** Goes up with every disable; tokens carry it (claim `ver`) and older ones are refused. */
  @Column({ name: 'token_version', type: 'integer', default: 0 })
  tokenVersion!: number;
}
