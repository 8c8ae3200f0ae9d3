import { Column, Entity, PrimaryColumn } from 'typeorm';

export type BureauLevel = 'national' | 'province' | 'city' | 'district';

/**
 * A tax bureau. Codes are `1` + GB/T 2260 division code + `0000`, so a bureau's whole
 * subtree is `code LIKE scope_prefix || '%'` on a C-collated btree (see ADR 0003).
 */
@Entity({ schema: 'registry', name: 'bureaus' })
export class BureauEntity {
  @PrimaryColumn({ type: 'text', collation: 'C' })
  code!: string;

  @Column({ name: 'division_code', type: 'char', length: 6, nullable: true })
  divisionCode!: string | null;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  level!: BureauLevel;

  @Column({ name: 'parent_code', type: 'text', collation: 'C', nullable: true })
  parentCode!: string | null;

  @Column({ name: 'scope_prefix', type: 'text', collation: 'C' })
  scopePrefix!: string;

  /** Districts, and cities without county-level divisions (东莞, 中山, 儋州), register taxpayers. */
  @Column({ name: 'accepts_taxpayers', type: 'boolean' })
  acceptsTaxpayers!: boolean;
}
