// A raw RESP client for tests: it sends exact bytes and returns exact reply bytes, so a test can
// compare respite with Redis byte for byte (ioredis converts replies and would hide $-1 vs *-1).

import net from 'node:net';

/** Where the reply starting at `pos` ends, or -1 if `buf` does not hold all of it yet. */
export function replyEnd(buf: Buffer, pos: number): number {
  if (pos >= buf.length) return -1;
  const cr = buf.indexOf('\r\n', pos);
  if (cr < 0) return -1;
  const type = String.fromCharCode(buf[pos]);
  const header = buf.latin1Slice(pos + 1, cr);
  const afterLine = cr + 2;
  switch (type) {
    case '+':
    case '-':
    case ':':
    case '_':
    case ',':
    case '#':
    case '(':
      return afterLine;
    case '$':
    case '!':
    case '=': {
      const len = Number(header);
      if (len < 0) return afterLine;
      return afterLine + len + 2 <= buf.length ? afterLine + len + 2 : -1;
    }
    case '*':
    case '~':
    case '>':
    case '%':
    case '|': {
      let n = Number(header);
      if (n < 0) return afterLine;
      if (type === '%' || type === '|') n *= 2;
      let at = afterLine;
      for (let i = 0; i < n; i++) {
        at = replyEnd(buf, at);
        if (at < 0) return -1;
      }
      // An attribute (|) is followed by the reply it annotates.
      return type === '|' ? replyEnd(buf, at) : at;
    }
    default:
      throw new Error(`not a RESP reply at byte ${pos}: ${JSON.stringify(buf.latin1Slice(pos, cr + 2))}`);
  }
}

/** Encode a command as a multibulk request. Arguments are byte strings (latin1) or Buffers. */
export function encodeCommand(args: readonly (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const a of args) {
    const b = typeof a === 'string' ? Buffer.from(a, 'latin1') : a;
    parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

export class RawClient {
  private buf = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  closed = false;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => {});
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect(port, host, () => {
        s.off('error', reject);
        resolve(new RawClient(s));
      });
      s.once('error', reject);
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private waitForData(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(
        () =>
          reject(
            new Error(
              `no reply within ${timeoutMs} ms; have ${JSON.stringify(this.buf.latin1Slice(0, this.buf.length))}`,
            ),
          ),
        timeoutMs,
      );
      this.waiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  /** Send bytes exactly as given. */
  write(bytes: string | Buffer): void {
    this.socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  }

  /** Read exactly one reply's bytes. */
  async readReply(timeoutMs = 5000): Promise<Buffer> {
    for (;;) {
      const end = replyEnd(this.buf, 0);
      if (end >= 0) {
        const reply = this.buf.subarray(0, end);
        this.buf = this.buf.subarray(end);
        return reply;
      }
      if (this.closed)
        throw new Error(
          `connection closed; have ${JSON.stringify(this.buf.latin1Slice(0, this.buf.length))}`,
        );
      await this.waitForData(timeoutMs);
    }
  }

  /** Send one command and return its reply's bytes. */
  async call(...args: (string | Buffer)[]): Promise<Buffer> {
    this.write(encodeCommand(args));
    return this.readReply();
  }

  /** Like call, as a latin1 string: handy in assertions. */
  async callText(...args: (string | Buffer)[]): Promise<string> {
    return (await this.call(...args)).toString('latin1');
  }

  /** Everything the server sends until it closes the connection (or the timeout passes). */
  async readUntilClose(timeoutMs = 2000): Promise<{ bytes: string; closed: boolean }> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed && Date.now() < deadline) {
      await this.waitForData(deadline - Date.now()).catch(() => {});
    }
    const bytes = this.buf.latin1Slice(0, this.buf.length);
    this.buf = Buffer.alloc(0);
    return { bytes, closed: this.closed };
  }

  /** Stop reading from the socket (a slow consumer: the server's output backs up), and resume. */
  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  close(): void {
    this.socket.destroy();
  }
}
