// ACL, for the one user respite has: "default", with every permission, its password requirepass.
// What reads the ACL answers as Redis does for that user (WHOAMI, USERS, LIST, GETUSER, CAT, DRYRUN,
// LOG, GENPASS); defining other users (SETUSER, DELUSER) is not implemented, and there is no ACL file.

import { createHash, randomBytes } from 'node:crypto';
import type { Client } from '../client.js';
import * as E from '../errors.js';
import { parseInt64 } from '../numbers.js';
import { replyHelp } from './connection.js';
import { ACL_CATEGORIES, aclCategories } from './server.js';
import { COMMANDS, lookupCommand } from './table.js';
import { type CommandSpec, command } from './types.js';

const DEFAULT_USER = 'default';

/** The default user's password hashes: SHA-256 of requirepass, none when there is no password. */
function passwordHashes(c: Client): string[] {
  const password = c.server.config.get('requirepass');
  return password === '' ? [] : [createHash('sha256').update(Buffer.from(password, 'latin1')).digest('hex')];
}

// ACL WHOAMI
function aclWhoami(c: Client): void {
  c.out.bulk(DEFAULT_USER);
}

// ACL USERS
function aclUsers(c: Client): void {
  c.out.array(1);
  c.out.bulk(DEFAULT_USER);
}

// ACL LIST
function aclList(c: Client): void {
  const hashes = passwordHashes(c);
  const password = hashes.length === 0 ? 'nopass' : hashes.map((h) => `#${h}`).join(' ');
  c.out.array(1);
  c.out.bulk(`user ${DEFAULT_USER} on ${password} ~* &* +@all`);
}

// ACL GETUSER username
function aclGetuser(c: Client, argv: string[]): void {
  if (argv[2] !== DEFAULT_USER) return c.out.nullBulk();
  const hashes = passwordHashes(c);
  c.out.map(6);
  c.out.bulk('flags');
  c.out.set(hashes.length === 0 ? 2 : 1);
  c.out.bulk('on');
  if (hashes.length === 0) c.out.bulk('nopass');
  c.out.bulk('passwords');
  c.out.array(hashes.length);
  for (const h of hashes) c.out.bulk(h);
  c.out.bulk('commands');
  c.out.bulk('+@all');
  c.out.bulk('keys');
  c.out.bulk('~*');
  c.out.bulk('channels');
  c.out.bulk('&*');
  c.out.bulk('selectors');
  c.out.array(0);
}

// ACL CAT [category]
function aclCat(c: Client, argv: string[]): void {
  if (argv.length > 3) return c.out.error(E.ERR_SUBCOMMAND_SYNTAX(argv[1], 'ACL'));
  if (argv.length === 2) {
    c.out.array(ACL_CATEGORIES.length);
    for (const category of ACL_CATEGORIES) c.out.bulk(category);
    return;
  }
  const category = argv[2].toLowerCase();
  if (!(ACL_CATEGORIES as readonly string[]).includes(category))
    return c.out.error(E.ERR_ACL_CATEGORY(argv[2]));
  const names: string[] = [];
  for (const cmd of COMMANDS.values()) {
    if (cmd.name === 'respite') continue; // respite's own admin command, not Redis's
    if (aclCategories(cmd).includes(category)) names.push(cmd.fullname);
    for (const sub of cmd.subs?.values() ?? [])
      if (aclCategories(sub).includes(category)) names.push(sub.fullname);
  }
  c.out.array(names.length);
  for (const name of names) c.out.bulk(name);
}

// ACL DRYRUN username command [arg [arg ...]]
// The default user may run everything, so what is left to check is that the command exists.
function aclDryrun(c: Client, argv: string[]): void {
  if (argv[2] !== DEFAULT_USER) return c.out.error(E.ERR_ACL_NO_USER(argv[2]));
  const args = argv.slice(3);
  const cmd = lookupCommand(args);
  if (cmd === undefined || cmd.name === 'respite') return c.out.error(E.ERR_ACL_NO_COMMAND(argv[3]));
  if ((cmd.arity > 0 && args.length !== cmd.arity) || args.length < -cmd.arity) {
    return c.out.error(E.ERR_WRONG_ARITY(cmd.fullname));
  }
  c.out.ok();
}

// ACL LOG [count | RESET]
// Nothing is ever denied, so the log stays empty.
function aclLog(c: Client, argv: string[]): void {
  if (argv.length > 3) return c.out.error(E.ERR_SUBCOMMAND_SYNTAX(argv[1], 'ACL'));
  if (argv.length === 3) {
    if (argv[2].toLowerCase() === 'reset') return c.out.ok();
    if (parseInt64(argv[2]) === null) return c.out.error(E.ERR_NOT_INTEGER);
  }
  c.out.array(0);
}

// ACL GENPASS [bits]
function aclGenpass(c: Client, argv: string[]): void {
  if (argv.length > 3) return c.out.error(E.ERR_SUBCOMMAND_SYNTAX(argv[1], 'ACL'));
  let bits = 256;
  if (argv.length === 3) {
    const n = parseInt64(argv[2]);
    if (n === null) return c.out.error(E.ERR_NOT_INTEGER);
    bits = n;
  }
  if (bits <= 0 || bits > 4096) return c.out.error(E.ERR_ACL_GENPASS);
  const chars = Math.floor((bits + 3) / 4);
  c.out.bulk(
    randomBytes(Math.ceil(chars / 2))
      .toString('hex')
      .slice(0, chars),
  );
}

// ACL SAVE, ACL LOAD
function aclNoFile(c: Client): void {
  c.out.error(E.ERR_ACL_NO_FILE);
}

// ACL HELP
function aclHelp(c: Client): void {
  replyHelp(c, 'ACL', [
    'CAT [<category>]',
    '    List all commands that belong to <category>, or all command categories',
    '    when no category is specified.',
    'DRYRUN <username> <command> [<arg> ...]',
    '    Returns whether the user can execute the given command without executing the command.',
    'GETUSER <username>',
    "    Get the user's details.",
    'GENPASS [<bits>]',
    '    Generate a secure 256-bit user password. The optional `bits` argument can',
    '    be used to specify a different size.',
    'LIST',
    '    Show users details in config file format.',
    'LOAD',
    '    Reload users from the ACL file.',
    'LOG [<count> | RESET]',
    '    Show the ACL log entries.',
    'SAVE',
    '    Save the current config to the ACL file.',
    'USERS',
    '    List all the registered usernames.',
    'WHOAMI',
    '    Return the current connection username.',
  ]);
}

const admin = ['admin', 'noscript', 'loading', 'stale'] as const;
const plain = ['noscript', 'loading', 'stale'] as const;

const sub = (
  name: string,
  arity: number,
  flags: CommandSpec['flags'],
  summary: string,
  complexity: string,
  handler: CommandSpec['handler'],
  since = '6.0.0',
) => command({ name, arity, flags, group: 'server', since, summary, complexity, handler });

export const commands: CommandSpec[] = [
  command({
    name: 'acl',
    arity: -2,
    flags: [],
    group: 'server',
    since: '6.0.0',
    summary: 'A container for Access List Control commands ',
    complexity: 'Depends on subcommand.',
    subcommands: [
      sub(
        'cat',
        -2,
        plain,
        'List the ACL categories or the commands inside a category',
        'O(1) since the categories and commands are a fixed set.',
        aclCat,
      ),
      sub(
        'dryrun',
        -4,
        admin,
        'Returns whether the user can execute the given command without executing the command.',
        'O(1).',
        aclDryrun,
        '7.0.0',
      ),
      sub(
        'genpass',
        -2,
        plain,
        'Generate a pseudorandom secure password to use for ACL users',
        'O(1)',
        aclGenpass,
      ),
      sub(
        'getuser',
        3,
        admin,
        'Get the rules for a specific ACL user',
        'O(N). Where N is the number of password, command and pattern rules that the user has.',
        aclGetuser,
      ),
      sub(
        'help',
        2,
        ['loading', 'stale'],
        'Show helpful text about the different subcommands',
        'O(1)',
        aclHelp,
      ),
      sub(
        'list',
        2,
        admin,
        'List the current ACL rules in ACL config file format',
        'O(N). Where N is the number of configured users.',
        aclList,
      ),
      sub(
        'load',
        2,
        admin,
        'Reload the ACLs from the configured ACL file',
        'O(N). Where N is the number of configured users.',
        aclNoFile,
      ),
      sub(
        'log',
        -2,
        admin,
        'List latest events denied because of ACLs in place',
        'O(N) with N being the number of entries shown.',
        aclLog,
      ),
      sub(
        'save',
        2,
        admin,
        'Save the current ACL rules in the configured ACL file',
        'O(N). Where N is the number of configured users.',
        aclNoFile,
      ),
      sub(
        'users',
        2,
        admin,
        'List the username of all the configured ACL rules',
        'O(N). Where N is the number of configured users.',
        aclUsers,
      ),
      sub(
        'whoami',
        2,
        plain,
        'Return the name of the user associated to the current connection',
        'O(1)',
        aclWhoami,
      ),
    ],
  }),
];
