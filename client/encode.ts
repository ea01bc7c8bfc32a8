// Command encoding: how a client sends a command to a Redis server.
//
// Every command is an array of bulk strings, whatever the command and whatever the protocol version
// (RESP3 changed replies, not requests):
//
//   SET greeting hello   ->   *3\r\n $3\r\nSET\r\n $8\r\ngreeting\r\n $5\r\nhello\r\n
//
// (spaces added for reading). Each bulk string says its length in bytes first, so arguments may hold
// any bytes: spaces, CR, LF, NUL. A server also accepts "inline" commands (a plain line such as
// `PING\r\n`, what telnet sends), but a client always sends the array form.

/** An argument: a string is sent as UTF-8, a Buffer as its bytes, a number in decimal. */
export type Arg = string | Buffer | number | bigint;

const CRLF = Buffer.from('\r\n', 'latin1');

/** The bytes of one command. */
export function encodeCommand(args: readonly Arg[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`, 'latin1')];
  for (const arg of args) {
    const bytes = Buffer.isBuffer(arg) ? arg : Buffer.from(String(arg), 'utf8');
    parts.push(Buffer.from(`$${bytes.length}\r\n`, 'latin1'), bytes, CRLF);
  }
  return Buffer.concat(parts);
}

/** The bytes of several commands, to be written at once (a pipeline). */
export function encodeCommands(commands: readonly (readonly Arg[])[]): Buffer {
  return Buffer.concat(commands.map(encodeCommand));
}
