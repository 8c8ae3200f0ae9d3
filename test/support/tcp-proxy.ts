import { execFileSync } from 'node:child_process';
import { connect, createServer, Server, Socket } from 'node:net';

/**
 * A free loopback port, found synchronously (an env file must name it before any app module
 * loads): a child process binds port 0 and reports what it got.
 */
export function freeLoopbackPort(): number {
  const script =
    "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}

/**
 * A loopback TCP proxy in front of a shared service (Postgres, Redis), so that a test can
 * take the service away from one app only — the shared service itself is never touched:
 * - `cut()`: connections refused and open ones dropped, as when the server stops;
 * - `blackhole()`: connections accepted but never answered, as behind a network that
 *   drops packets;
 * - `dropOn(type)`: forwarding, but a connection is dropped when its client sends a Postgres
 *   message of that type (the first byte of a chunk after the startup packet): a connection
 *   lost in the middle of a given exchange;
 * - `restore()`: forwarding again.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private forwarding = true;
  private dropType: number | undefined;

  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  async cut(): Promise<void> {
    this.dropAll();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  async blackhole(): Promise<void> {
    this.dropAll();
    this.forwarding = false;
    await this.start();
  }

  async dropOn(messageType: string): Promise<void> {
    this.dropType = messageType.charCodeAt(0);
    await this.start();
  }

  async restore(): Promise<void> {
    if (!this.forwarding) this.dropAll(); // the connections held in the black hole
    this.forwarding = true;
    this.dropType = undefined;
    await this.start();
  }

  async close(): Promise<void> {
    await this.cut();
  }

  private accept(client: Socket): void {
    this.track(client);
    if (!this.forwarding) return;
    const upstream = this.track(connect(this.target.port, this.target.host));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    upstream.pipe(client);
    let startup = true;
    client.on('data', (chunk: Buffer) => {
      if (!startup && chunk[0] === this.dropType) {
        client.destroy();
        upstream.destroy();
        return;
      }
      startup = false;
      upstream.write(chunk);
    });
  }

  private track(socket: Socket): Socket {
    this.sockets.add(socket);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.sockets.delete(socket));
    return socket;
  }

  private dropAll(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }
}
