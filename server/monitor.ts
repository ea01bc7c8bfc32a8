// MONITOR's feed: every command that runs, shown to the clients that asked with MONITOR.
//
// Dispatch calls feedMonitors after a command ran, only when a monitor exists, so a server without
// monitors pays one size check per command. The line is Redis's:
//
//   +1339518083.107412 [0 127.0.0.1:60866] "keys" "*"
//
// with the server clock's time, the database the client is in after the command, its address, and
// each argument quoted as Redis's sdscatrepr does. Admin commands (CONFIG, DEBUG, CLIENT LIST, ...)
// are never shown, and passwords are replaced by "(redacted)" where Redis redacts them.

import type { Client } from './client.js';
import type { Command } from './commands/table.js';
import { parseInt64 } from './numbers.js';

/** An argument as Redis's sdscatrepr quotes it for MONITOR. */
export function quoteArg(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    switch (ch) {
      case 0x5c:
        out += '\\\\';
        break;
      case 0x22:
        out += '\\"';
        break;
      case 0x0a:
        out += '\\n';
        break;
      case 0x0d:
        out += '\\r';
        break;
      case 0x09:
        out += '\\t';
        break;
      case 0x07:
        out += '\\a';
        break;
      case 0x08:
        out += '\\b';
        break;
      default:
        out += ch >= 0x20 && ch <= 0x7e ? s[i] : `\\x${ch.toString(16).padStart(2, '0')}`;
    }
  }
  return `${out}"`;
}

const REDACTED = '(redacted)';

/** Parameters CONFIG SET redacts (Redis's SENSITIVE_CONFIG). */
const SENSITIVE_CONFIG = new Set(['masteruser', 'masterauth', 'requirepass']);

/**
 * The arguments MONITOR and the slow log show: passwords replaced where Redis redacts them. AUTH
 * redacts its password (and username) unless it has too many arguments; HELLO redacts the AUTH pair
 * of each option it reached before any error stopped it; CONFIG SET the value of each sensitive
 * parameter, given an even number of arguments.
 */
export function redactedArgs(argv: string[]): string[] {
  const name = argv[0].toLowerCase();
  if (name === 'config' && argv.length >= 4 && argv.length % 2 === 0 && argv[1].toLowerCase() === 'set') {
    let shown = argv;
    for (let i = 2; i < argv.length; i += 2) {
      if (!SENSITIVE_CONFIG.has(argv[i].toLowerCase())) continue;
      if (shown === argv) shown = [...argv];
      shown[i + 1] = REDACTED;
    }
    return shown;
  }
  if (name === 'auth' && argv.length <= 3) {
    const shown = [...argv];
    for (let i = 1; i < shown.length; i++) shown[i] = REDACTED;
    return shown;
  }
  if (name === 'hello' && argv.length > 2) {
    const version = parseInt64(argv[1]);
    if (version === null || version < 2 || version > 3) return argv;
    const shown = [...argv];
    for (let i = 2; i < argv.length; i++) {
      const more = argv.length - 1 - i;
      const opt = argv[i].toLowerCase();
      if (opt === 'auth' && more >= 2) {
        shown[i + 1] = shown[i + 2] = REDACTED;
        i += 2;
      } else if (opt === 'setname' && more >= 1) {
        if (!/^[\x21-\x7e]*$/.test(argv[i + 1])) break;
        i++;
      } else {
        break;
      }
    }
    return shown;
  }
  return argv;
}

/**
 * Send a command that has just run to every MONITOR client, formatted as Redis does:
 *   +1339518083.107412 [0 127.0.0.1:60866] "keys" "*"
 * Dispatch calls this only when a monitor exists. Admin commands are never shown.
 */
export function feedMonitors(client: Client, cmd: Command, argv: string[]): void {
  if (cmd.flags.includes('admin') || cmd.flags.includes('skip_monitor')) return;
  feedLine(client, argv);
}

/**
 * EVAL, EVALSHA and FCALL (and their _RO forms) are skip_monitor: as Redis's evalCommand and
 * fcallCommandGeneric, their handlers feed themselves as they begin, so that the commands their
 * script runs ([db lua]) follow them, whatever the script's outcome.
 */
export function feedScriptCommand(client: Client, argv: string[]): void {
  if (client.server.monitors.size !== 0) feedLine(client, argv);
}

function feedLine(client: Client, argv: string[]): void {
  const us = client.server.clock.nowMicros();
  let line = `${Math.floor(us / 1e6)}.${String(us % 1e6).padStart(6, '0')} [${client.db.id} ${client.isScriptClient ? 'lua' : client.addr}]`;
  for (const arg of redactedArgs(argv)) line += ` ${quoteArg(arg)}`;
  for (const m of client.server.monitors) {
    if (m.closed) continue;
    m.out.simple(line);
    if (m !== client) m.scheduleFlush();
  }
}
