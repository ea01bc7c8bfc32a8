// The testing harness of one server: command log, fault rules, usage report and strict mode.
//
// The server holds it in `server.testHooks` only while one of them is on; otherwise that field is
// null and the hot path pays one null test per command (dispatch) and per write (Client.flush). The
// harness object itself lives on (harness(server)) so rules and log survive being switched off.
//
// Where it is called from:
//   dispatch()         received(): the command log and the usage report, for every command that arrives
//   dispatch's run()   check(): after the generic checks (arity, auth), before MULTI queues the command:
//                      strict mode and error/close rules refuse there, as Redis's own refusals do
//   Client.flush()     write(): replies leave through the connection's ShapedOutput (latency, chunks)
//   Client.close()     end(): the connection ends after whatever output is still held back

import { type Client, closeSocket } from '../client.js';
import type { Command } from '../commands/table.js';
import { ERR_STRICT } from '../errors.js';
import type { RespiteServer } from '../server.js';
import { approximation } from './approximations.js';
import { Faults, ShapedOutput } from './faults.js';
import { CommandLog } from './log.js';
import { Usage } from './usage.js';

export class TestHooks {
  readonly log: CommandLog;
  readonly faults: Faults;
  readonly usage: Usage;
  /** Refuse what respite only approximates (see approximations.ts). */
  private strictMode = false;
  private readonly outputs = new WeakMap<Client, ShapedOutput>();
  /** Connections with output held back: the harness stays attached until it has left, in order. */
  private shaping = 0;

  constructor(readonly server: RespiteServer) {
    const changed = () => this.update();
    this.log = new CommandLog(false, undefined, changed);
    this.faults = new Faults(changed);
    this.usage = new Usage(false, changed);
  }

  get strict(): boolean {
    return this.strictMode;
  }

  set strict(on: boolean) {
    this.strictMode = on;
    this.update();
  }

  /** Attach to the server while anything is on, detach when nothing is. */
  update(): void {
    const on =
      this.log.enabled || this.usage.enabled || this.strictMode || this.faults.size > 0 || this.shaping > 0;
    this.server.testHooks = on ? this : null;
  }

  /** reset(): rules, log entries and usage counts emptied; what is switched on stays on. */
  reset(): void {
    this.faults.clear();
    this.log.clear();
    this.usage.clear();
  }

  received(client: Client, argv: string[]): void {
    // The admin command is the test's own machinery, not what the code under test sent.
    if (argv[0].length === 7 && argv[0].toLowerCase() === 'respite') return;
    if (this.log.enabled) this.log.record(client, argv);
    if (this.usage.enabled) this.usage.record(client, argv);
  }

  /**
   * What happens to a command that passed the generic checks: null to run it, an error to refuse it
   * with, or false when the connection is being dropped (no reply).
   */
  check(client: Client, cmd: Command, argv: string[]): string | false | null {
    if (this.strictMode && cmd.name !== 'respite') {
      const why = approximation(cmd, argv, client.db);
      if (why !== null) return ERR_STRICT(cmd.fullname.replace('|', ' ').toUpperCase(), why);
    }
    if (this.faults.size === 0 || cmd.name === 'respite') return null;
    const verdict = this.faults.check(client, cmd, argv);
    if (verdict === null) return null;
    if (verdict.refuse === 'close') {
      client.closeAfterReply = true;
      return false;
    }
    if (verdict.latency > 0 || verdict.chunk !== null) {
      const out = this.output(client);
      out.delayNext = Math.max(out.delayNext, verdict.latency);
      if (verdict.chunk !== null) out.chunkNext = verdict.chunk;
    }
    return verdict.refuse;
  }

  write(client: Client, bytes: Buffer): void {
    const out = this.outputs.get(client);
    if (out === undefined) client.socket?.write(bytes);
    else out.write(bytes);
  }

  end(client: Client): void {
    const out = this.outputs.get(client);
    if (out === undefined) {
      if (client.socket) closeSocket(client.socket);
    } else out.end();
  }

  private output(client: Client): ShapedOutput {
    let out = this.outputs.get(client);
    if (out === undefined) {
      out = new ShapedOutput(client, (delta) => {
        this.shaping += delta;
        this.update();
      });
      this.outputs.set(client, out);
    }
    return out;
  }
}

const harnesses = new WeakMap<RespiteServer, TestHooks>();

/** The harness of `server`, made on first use (it attaches itself only once something is on). */
export function harness(server: RespiteServer): TestHooks {
  let h = harnesses.get(server);
  if (h === undefined) {
    h = new TestHooks(server);
    harnesses.set(server, h);
  }
  return h;
}
