// Redis's error replies, exactly as Redis 7.0 writes them (without the leading '-' and the CRLF).
// Clients match on these strings (WRONGTYPE, NOSCRIPT, NOAUTH, ...), so they live in one place and
// the differential tests compare them byte for byte with a real redis-server.

/**
 * What C's %s prints of a byte string: up to its first NUL. Redis formats the client's own bytes into
 * some errors with %s, so those are cut there too.
 */
export function cString(s: string): string {
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}

export const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
export const ERR_SYNTAX = 'ERR syntax error';
export const ERR_NOT_INTEGER = 'ERR value is not an integer or out of range';
export const ERR_NOT_FLOAT = 'ERR value is not a valid float';
export const ERR_OVERFLOW = 'ERR increment or decrement would overflow';
export const ERR_NAN_OR_INF = 'ERR increment would produce NaN or Infinity';
export const ERR_NO_SUCH_KEY = 'ERR no such key';
export const ERR_DB_INDEX = 'ERR DB index is out of range';
export const ERR_INVALID_DB_INDEX = 'ERR invalid DB index';
export const ERR_SAME_OBJECT = 'ERR source and destination objects are the same';
export const ERR_INVALID_EXPIRE = (cmd: string) => `ERR invalid expire time in '${cmd}' command`;
export const ERR_INVALID_CURSOR = 'ERR invalid cursor';
export const ERR_STRING_TOO_LONG = 'ERR string exceeds maximum allowed size (proto-max-bulk-len)';
export const ERR_BIT_OFFSET = 'ERR bit offset is not an integer or out of range';
export const ERR_BIT_VALUE = 'ERR bit is not an integer or out of range';
export const ERR_OFFSET_RANGE = 'ERR offset is out of range';
export const ERR_NOT_POSITIVE_TIMEOUT = 'ERR timeout is negative';
export const ERR_NX_XX_GT_LT = 'ERR NX and XX, GT or LT options at the same time are not compatible';
export const ERR_GT_LT_NX = 'ERR GT, LT, and/or NX options at the same time are not compatible';

// Dispatch.
export const ERR_UNKNOWN_COMMAND = (name: string, args: string) =>
  `ERR unknown command '${name}', with args beginning with: ${args}`;
export const ERR_UNKNOWN_SUBCOMMAND = (sub: string, container: string) =>
  `ERR unknown subcommand '${sub}'. Try ${container} HELP.`;
export const ERR_WRONG_ARITY = (fullname: string) =>
  `ERR wrong number of arguments for '${fullname}' command`;

// Connection and authentication.
export const NOAUTH = 'NOAUTH Authentication required.';
export const WRONGPASS = 'WRONGPASS invalid username-password pair or user is disabled.';
export const ERR_AUTH_NO_PASSWORD =
  'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?';
export const NOPROTO = 'NOPROTO unsupported protocol version';
export const ERR_PROTOCOL_VERSION = 'ERR Protocol version is not an integer or out of range';
export const ERR_CLIENT_NAME = 'ERR Client names cannot contain spaces, newlines or special characters.';
export const ERR_NO_SUCH_CLIENT = 'ERR No such client';

// The request parser: the reply is followed by closing the connection, as Redis does.
export const PROTO_INVALID_MULTIBULK = 'ERR Protocol error: invalid multibulk length';
export const PROTO_INVALID_BULK = 'ERR Protocol error: invalid bulk length';
export const PROTO_EXPECTED_DOLLAR = (got: string) => `ERR Protocol error: expected '$', got '${got}'`;
export const PROTO_TOO_BIG_INLINE = 'ERR Protocol error: too big inline request';
export const PROTO_TOO_BIG_MBULK_COUNT = 'ERR Protocol error: too big mbulk count string';
export const PROTO_TOO_BIG_BULK_COUNT = 'ERR Protocol error: too big bulk count string';
export const PROTO_UNBALANCED_QUOTES = 'ERR Protocol error: unbalanced quotes in request';
export const PROTO_UNAUTH_MULTIBULK = 'ERR Protocol error: unauthenticated multibulk length';
export const PROTO_UNAUTH_BULK = 'ERR Protocol error: unauthenticated bulk length';

// Configuration.
export const ERR_CONFIG_UNKNOWN = (name: string) =>
  `ERR Unknown option or number of arguments for CONFIG SET - '${name}'`;
export const ERR_PROTECTED = (name: string) =>
  `ERR ${name} command not allowed. If the enable-debug-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.`;
export const ERR_HELLO_OPTION = (opt: string) => `ERR Syntax error in HELLO option '${opt}'`;
export const NOAUTH_HELLO =
  'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time';
/** getIntFromObjectOrReply's range error (SELECT and other int arguments). */
export const ERR_INT_RANGE = 'ERR value is out of range, value must between -2147483648 and 2147483647';

// Bitmaps.
export const ERR_BIT_ARG = 'ERR The bit argument must be 1 or 0.';
export const ERR_BITOP_NOT = 'ERR BITOP NOT must be called with a single source key.';
export const ERR_BITFIELD_TYPE =
  'ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.';
export const ERR_BITFIELD_OVERFLOW = 'ERR Invalid OVERFLOW type specified';
export const ERR_BITFIELD_RO = 'ERR BITFIELD_RO only supports the GET subcommand';

// Generic key commands.
export const ERR_UNSUPPORTED_OPTION = (opt: string) => `ERR Unsupported option ${cString(opt)}`;
export const ERR_GT_AND_LT = 'ERR GT and LT options at the same time are not compatible';
export const ERR_LFU_IDLETIME =
  'ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.';
export const ERR_LFU_FREQ =
  'ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.';

// Strings.
export const ERR_DECREMENT_OVERFLOW = 'ERR decrement would overflow';
export const ERR_LCS_TYPES = 'ERR The specified keys must contain string values';
export const ERR_LCS_LEN_AND_IDX = 'ERR If you want both the length and indexes, please just use IDX.';
export const ERR_LCS_TOO_LONG = 'ERR String too long for LCS';
export const ERR_LCS_MEMORY_LIMIT =
  'ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len';
export const ERR_LCS_ALLOC = 'ERR Insufficient memory, failed allocating transient memory for LCS';

// Server commands (COMMAND, CONFIG, DEBUG, SWAPDB, WAIT) and CLIENT.
export const ERR_SUBCOMMAND_SYNTAX = (sub: string, container: string) =>
  `ERR unknown subcommand or wrong number of arguments for '${sub.slice(0, 128)}'. Try ${container} HELP.`;
export const ERR_CONFIG_SET_FAILED = (name: string, why: string) =>
  `ERR CONFIG SET failed (possibly related to argument '${name}') - ${why}`;
export const ERR_NO_CONFIG_FILE = 'ERR The server is running without a config file';
export const ERR_GETKEYS_INVALID_COMMAND = 'ERR Invalid command specified';
export const ERR_GETKEYS_NO_KEYS = 'ERR The command has no key arguments';
export const ERR_GETKEYS_ARITY = 'ERR Invalid number of arguments specified for command';
export const ERR_GETKEYS_INVALID_ARGS = 'ERR Invalid arguments specified for command';
export const ERR_INVALID_FIRST_DB = 'ERR invalid first DB index';
export const ERR_INVALID_SECOND_DB = 'ERR invalid second DB index';
export const ERR_TIMEOUT_NOT_INTEGER = 'ERR timeout is not an integer or out of range';
export const ERR_UNKNOWN_CLIENT_TYPE = (type: string) => `ERR Unknown client type '${type}'`;
export const ERR_INVALID_CLIENT_ID = 'ERR Invalid client ID';
export const ERR_CLIENT_ID_NOT_POSITIVE = 'ERR client-id should be greater than 0';
export const ERR_NO_SUCH_USER = (user: string) => `ERR No such user '${user}'`;
export const ERR_SETINFO_OPTION = (attr: string) => `ERR Unrecognized option '${attr}'`;
export const ERR_SETINFO_VALUE = (attr: string) =>
  `ERR ${attr} cannot contain spaces, newlines or special characters.`;

// respite's own: a command handler threw (a bug in respite). The client gets this instead of a
// crashed server.
export const ERR_INTERNAL = (command: string, message: string) =>
  `ERR internal error in '${command}': ${message}`;

// Blocking commands.
export const ERR_TIMEOUT_NOT_FLOAT = 'ERR timeout is not a float or out of range';
export const ERR_TIMEOUT_NEGATIVE = 'ERR timeout is negative';
export const UNBLOCKED = 'UNBLOCKED client unblocked via CLIENT UNBLOCK';
export const ERR_UNBLOCK_REASON = 'ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR';
export const ERR_PAUSE_MODE = 'ERR CLIENT PAUSE mode must be WRITE or ALL';

// Transactions.
export const ERR_MULTI_NESTED = 'ERR MULTI calls can not be nested';
export const ERR_EXEC_WITHOUT_MULTI = 'ERR EXEC without MULTI';
export const ERR_DISCARD_WITHOUT_MULTI = 'ERR DISCARD without MULTI';
export const ERR_WATCH_IN_MULTI = 'ERR WATCH inside MULTI is not allowed';
export const ERR_NO_MULTI = 'ERR Command not allowed inside a transaction';

// Cluster (respite is one node without cluster support).
export const ERR_CLUSTER_DISABLED = 'ERR This instance has cluster support disabled';

// ACL.
export const ERR_ACL_CATEGORY = (name: string) => `ERR Unknown category '${name}'`;
export const ERR_ACL_NO_USER = (name: string) => `ERR User '${name}' not found`;
export const ERR_ACL_NO_COMMAND = (name: string) => `ERR Command '${name}' not found`;
export const ERR_ACL_GENPASS =
  'ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to 4096';
export const ERR_ACL_NO_FILE =
  'ERR This Redis instance is not configured to use an ACL file. You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file set) in order to store users in the Redis configuration.';

// HyperLogLog.
export const WRONGTYPE_NOT_HLL = 'WRONGTYPE Key is not a valid HyperLogLog string value.';
export const INVALIDOBJ_HLL = 'INVALIDOBJ Corrupted HLL object detected';
export const ERR_PFDEBUG_NO_KEY = 'ERR The specified key does not exist';
export const ERR_PFDEBUG_NOT_SPARSE = 'ERR HLL encoding is not sparse';
export const ERR_PFDEBUG_SUBCOMMAND = (sub: string) => `ERR Unknown PFDEBUG subcommand '${sub}'`;

// Geo.
export const ERR_GEO_PAIR = (lon: string, lat: string) => `ERR invalid longitude,latitude pair ${lon},${lat}`;
export const ERR_GEO_UNIT = 'ERR unsupported unit provided. please use M, KM, FT, MI';
export const ERR_GEO_NEED_RADIUS = 'ERR need numeric radius';
export const ERR_GEO_NEGATIVE_RADIUS = 'ERR radius cannot be negative';
export const ERR_GEO_NEED_WIDTH = 'ERR need numeric width';
export const ERR_GEO_NEED_HEIGHT = 'ERR need numeric height';
export const ERR_GEO_NEGATIVE_BOX = 'ERR height or width cannot be negative';
export const ERR_GEO_MEMBER = 'ERR could not decode requested zset member';
export const ERR_GEO_COUNT = 'ERR COUNT must be > 0';
export const ERR_GEO_ANY = 'ERR the ANY argument requires COUNT argument';
export const ERR_GEO_STORE_WITH = (what: string) =>
  `ERR ${what} is not compatible with WITHDIST, WITHHASH and WITHCOORD options`;
export const ERR_GEO_FROM = (command: string) =>
  `ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for ${command}`;
export const ERR_GEO_BY = (command: string) =>
  `ERR exactly one of BYRADIUS and BYBOX can be specified for ${command}`;

// SLOWLOG and LATENCY.
export const ERR_SLOWLOG_COUNT = 'ERR count should be greater than or equal to -1';
export const ERR_LATENCY_NO_SAMPLES = (event: string) => `ERR No samples available for event '${event}'`;

// SHUTDOWN.
export const ERR_NO_SHUTDOWN = 'ERR No shutdown in progress.';
export const EXECABORT = 'EXECABORT Transaction discarded because of previous errors.';
/** EXEC itself refused (wrong arity, NOAUTH): the reason, without its "ERR ". */
export const EXECABORT_BECAUSE = (reason: string) => `EXECABORT Transaction discarded because of: ${reason}`;

// Hashes.
export const ERR_HASH_NOT_INTEGER = 'ERR hash value is not an integer';
export const ERR_HASH_NOT_FLOAT = 'ERR hash value is not a float';
/** HINCRBYFLOAT's check of its increment (INCRBYFLOAT checks only the sum). */
export const ERR_NAN_OR_INF_VALUE = 'ERR value is NaN or Infinity';
/** getRangeLongFromObjectOrReply's error (HRANDFIELD's count, ...). */
export const ERR_VALUE_RANGE = (min: string, max: string) =>
  `ERR value is out of range, value must between ${min} and ${max}`;
export const ERR_VALUE_OUT_OF_RANGE = 'ERR value is out of range';

// Sets.
/** getPositiveLongFromObjectOrReply's error (SPOP's count), for a non-integer too. */
export const ERR_NOT_POSITIVE = 'ERR value is out of range, must be positive';
export const ERR_NUMKEYS_POSITIVE = 'ERR numkeys should be greater than 0';
export const ERR_NUMKEYS_TOO_MANY = "ERR Number of keys can't be greater than number of args";
export const ERR_LIMIT_NEGATIVE = "ERR LIMIT can't be negative";

// Sorted sets.
export const ERR_XX_AND_NX = 'ERR XX and NX options at the same time are not compatible';
export const ERR_INCR_PAIR = 'ERR INCR option supports a single increment-element pair';
export const ERR_SCORE_NAN = 'ERR resulting score is not a number (NaN)';
export const ERR_MIN_MAX_NOT_FLOAT = 'ERR min or max is not a float';
export const ERR_MIN_MAX_NOT_STRING = 'ERR min or max not valid string range item';
export const ERR_LIMIT_NEEDS_BY =
  'ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX';
export const ERR_WITHSCORES_BYLEX = 'ERR syntax error, WITHSCORES not supported in combination with BYLEX';
export const ERR_COUNT_POSITIVE = 'ERR count should be greater than 0';
export const ERR_AT_LEAST_ONE_KEY = (cmd: string) =>
  `ERR at least 1 input key is needed for '${cmd}' command`;
export const ERR_WEIGHT_NOT_FLOAT = 'ERR weight value is not a float';

// Lists.
export const ERR_INDEX_OUT_OF_RANGE = 'ERR index out of range';
export const ERR_LPOS_RANK_ZERO =
  "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list";
export const ERR_LPOS_COUNT_NEGATIVE = "ERR COUNT can't be negative";
export const ERR_LPOS_MAXLEN_NEGATIVE = "ERR MAXLEN can't be negative";

// Pub/Sub.
export const ERR_PUBSUB_CONTEXT = (fullname: string) =>
  `ERR Can't execute '${fullname}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`;
export const ERR_SUBSCRIBE_DENY_BLOCKING = (cmd: string) =>
  `ERR ${cmd} isn't allowed for a DENY BLOCKING client`;

// Scripting (EVAL, SCRIPT, FUNCTION, FCALL) and what scripts are told by redis.call.
export const NOSCRIPT = 'NOSCRIPT No matching script. Please use EVAL.';
export const ERR_NUMKEYS_NEGATIVE = "ERR Number of keys can't be negative";
export const ERR_SCRIPT_NO_ARGS = 'ERR Please specify at least one argument for this redis lib call';
export const ERR_SCRIPT_UNKNOWN_COMMAND = 'ERR Unknown Redis command called from script';
export const ERR_SCRIPT_WRONG_ARITY = 'ERR Wrong number of args calling Redis command from script';
export const ERR_SCRIPT_NOT_ALLOWED = 'ERR This Redis command is not allowed from script';
export const ERR_SCRIPT_WRITE_IN_RO = 'ERR Write commands are not allowed from read-only scripts.';
export const ERR_SCRIPT_ARG_TYPE = 'ERR Lua redis lib command arguments must be strings or integers';
export const ERR_SCRIPT_GLOBAL_READ = (name: string) =>
  `Script attempted to access nonexistent global variable '${name}'`;
export const ERR_SCRIPT_COMPILE = (detail: string) => `ERR Error compiling script (new function): ${detail}`;
export const ERR_SHEBANG_ENGINE = (engine: string) => `ERR Unexpected engine in script shebang: ${engine}`;
export const ERR_SHEBANG_FLAG = (flag: string) => `ERR Unexpected flag in script shebang: ${flag}`;
export const ERR_SHEBANG_OPTION = (option: string) => `ERR Unknown lua shebang option: ${option}`;
export const ERR_SCRIPT_WRITE_FLAG_RO = 'ERR Can not execute a script with write flag using *_ro command.';
export const BUSY_SCRIPT =
  'BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.';
export const BUSY_FUNCTION =
  'BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.';
export const NOTBUSY = 'NOTBUSY No scripts in execution right now.';
export const UNKILLABLE_SCRIPT =
  'UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.';
export const ERR_SCRIPT_KILLED = 'ERR Script killed by user with SCRIPT KILL...';

// Fault injection (server/testing/faults.ts): the errors Redis gives in states respite never enters
// by itself, by code, so a rule can say just "LOADING".
export const FAULT_ERRORS: Readonly<Record<string, string>> = {
  BUSY: 'BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSCRIPT.',
  LOADING: 'LOADING Redis is loading the dataset in memory',
  READONLY: "READONLY You can't write against a read only replica.",
  OOM: "OOM command not allowed when used memory > 'maxmemory'.",
  TRYAGAIN: 'TRYAGAIN Multiple keys request during rehashing of slot',
  MASTERDOWN: "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.",
  CLUSTERDOWN: 'CLUSTERDOWN The cluster is down',
  NOREPLICAS: 'NOREPLICAS Not enough good replicas to write.',
  MISCONF:
    "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.",
};

// respite's admin command (commands/respite.ts) and strict mode (server/testing).
export const ERR_ADMIN_DISABLED =
  'ERR RESPITE is disabled: start respite with --enable-admin-command (or adminCommand: true) to use it';
export const ERR_STRICT = (what: string, why: string) =>
  `ERR respite strict mode: ${what} is only approximated by respite (${why})`;
export const ERR_SCRIPT_FLUSH_ARGS = 'ERR SCRIPT FLUSH only support SYNC|ASYNC option';

// Streams (XADD, XRANGE, XREAD, XGROUP, XCLAIM, XINFO, ...).
export const ERR_STREAM_ID_INVALID = 'ERR Invalid stream ID specified as stream command argument';
export const ERR_XADD_ID_ZERO = 'ERR The ID specified in XADD must be greater than 0-0';
export const ERR_XADD_ID_SMALL =
  'ERR The ID specified in XADD is equal or smaller than the target stream top item';
export const ERR_XADD_EXHAUSTED =
  'ERR The stream has exhausted the last possible ID, unable to add more items';
export const ERR_TRIM_BOTH = 'ERR syntax error, MAXLEN and MINID options at the same time are not compatible';
export const ERR_MAXLEN_NEGATIVE = 'ERR The MAXLEN argument must be >= 0.';
export const ERR_STREAM_LIMIT_NEGATIVE = 'ERR The LIMIT argument must be >= 0.';
export const ERR_LIMIT_NO_STRATEGY =
  'ERR syntax error, LIMIT cannot be used without specifying a trimming strategy';
export const ERR_XTRIM_NO_STRATEGY = 'ERR syntax error, XTRIM must be called with a trimming strategy';
export const ERR_LIMIT_NO_APPROX = 'ERR syntax error, LIMIT cannot be used without the special ~ option';
export const ERR_INVALID_START_ID = 'ERR invalid start ID for the interval';
export const ERR_INVALID_END_ID = 'ERR invalid end ID for the interval';
export const ERR_XREAD_BLOCK_IN_SCRIPT = (cmd: string) =>
  `ERR ${cString(cmd)} command is not allowed with BLOCK option from scripts`;
export const ERR_XREAD_UNBALANCED =
  "ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.";
export const ERR_XREAD_GROUP =
  'ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.';
export const ERR_XREAD_NOACK =
  'ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.';
export const ERR_XREADGROUP_NO_GROUP = 'ERR Missing GROUP option for XREADGROUP';
export const ERR_XREADGROUP_DOLLAR =
  'ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.';
export const ERR_XREAD_GT =
  'ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.';
export const NOGROUP_XREADGROUP = (key: string, group: string) =>
  `NOGROUP No such key '${cString(key)}' or consumer group '${cString(group)}' in XREADGROUP with GROUP option`;
export const NOGROUP_KEY_OR_GROUP = (key: string, group: string) =>
  `NOGROUP No such key '${cString(key)}' or consumer group '${cString(group)}'`;
export const NOGROUP_FOR_KEY = (group: string, key: string) =>
  `NOGROUP No such consumer group '${cString(group)}' for key name '${cString(key)}'`;
export const NOGROUP_BLOCKED = 'NOGROUP the consumer group this client was blocked on no longer exists';
export const UNBLOCKED_STREAM_GONE = 'UNBLOCKED the stream key no longer exists';
export const BUSYGROUP = 'BUSYGROUP Consumer Group name already exists';
export const ERR_ENTRIESREAD = 'ERR value for ENTRIESREAD must be positive or -1';
export const ERR_XGROUP_NO_KEY =
  'ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.';
export const ERR_ENTRIES_ADDED_NEGATIVE = 'ERR entries_added must be positive';
export const ERR_XSETID_MAX_DELETED =
  'ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id';
export const ERR_XSETID_SMALL = 'ERR The ID specified in XSETID is smaller than the target stream top item';
export const ERR_XSETID_ENTRIES_ADDED =
  'ERR The entries_added specified in XSETID is smaller than the target stream length';
export const ERR_XCLAIM_ARG = (what: string, cmd: string) => `ERR Invalid ${what} argument for ${cmd}`;
export const ERR_XCLAIM_OPTION = (opt: string) => `ERR Unrecognized XCLAIM option '${cString(opt)}'`;
export const ERR_XAUTOCLAIM_COUNT = 'ERR COUNT must be > 0';
export const ERR_SHEBANG_INVALID = 'ERR Invalid script shebang';

// Client-side caching (CLIENT TRACKING, CLIENT CACHING).
export const ERR_TRACKING_ONE_REDIRECT = 'ERR A client can only redirect to a single other client';
export const ERR_TRACKING_NO_REDIRECT_CLIENT = 'ERR The client ID you want redirect to does not exist';
export const ERR_TRACKING_PREFIX_NEEDS_BCAST = 'ERR PREFIX option requires BCAST mode to be enabled';
export const ERR_TRACKING_SWITCH_BCAST =
  "ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then re-enabling it with a different mode.";
export const ERR_TRACKING_OPTIN_BCAST = 'ERR OPTIN and OPTOUT are not compatible with BCAST';
export const ERR_TRACKING_OPTIN_AND_OPTOUT = "ERR You can't specify both OPTIN mode and OPTOUT mode";
export const ERR_TRACKING_SWITCH_OPTIN =
  "ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then re-enabling it with a different mode.";
export const ERR_CACHING_NOT_TRACKING =
  'ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled';
export const ERR_CACHING_YES_NOT_OPTIN =
  'ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.';
export const ERR_CACHING_NO_NOT_OPTOUT =
  'ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.';
export const ERR_TRACKING_PREFIX_OVERLAPS_EXISTING = (prefix: string, existing: string) =>
  `ERR Prefix '${prefix}' overlaps with an existing prefix '${existing}'. Prefixes for a single client must not overlap.`;
export const ERR_TRACKING_PREFIX_OVERLAPS_PROVIDED = (prefix: string, other: string) =>
  `ERR Prefix '${prefix}' overlaps with another provided prefix '${other}'. Prefixes for a single client must not overlap.`;

// Functions (FUNCTION, FCALL): functions.c's and function_lua.c's refusals.
export const ERR_FUNCTION_NO_METADATA = 'ERR Missing library metadata';
export const ERR_FUNCTION_BAD_METADATA = 'ERR Invalid library metadata';
export const ERR_FUNCTION_NAME_TWICE = 'ERR Invalid metadata value, name argument was given multiple times';
export const ERR_FUNCTION_METADATA_VALUE = (part: string) => `ERR Invalid metadata value given: ${part}`;
export const ERR_FUNCTION_NO_NAME = 'ERR Library name was not given';
export const ERR_FUNCTION_ENGINE = (engine: string) => `ERR Engine '${engine}' not found`;
export const ERR_FUNCTION_LIBRARY_NAME =
  'ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long';
export const ERR_FUNCTION_LIBRARY_EXISTS = (name: string) => `ERR Library '${name}' already exists`;
export const ERR_FUNCTION_EXISTS = (name: string) => `ERR Function ${name} already exists`;
export const ERR_FUNCTION_NONE_REGISTERED = 'ERR No functions registered';
export const ERR_FUNCTION_LOAD_TIMEOUT = 'ERR Error registering functions: ERR FUNCTION LOAD timeout';
export const ERR_FUNCTION_NOT_FOUND = 'ERR Function not found';
export const ERR_FUNCTION_LIBRARY_NOT_FOUND = 'ERR Library not found';
export const ERR_FUNCTION_UNKNOWN_OPTION = (option: string) => `ERR Unknown option given: ${option}`;
export const ERR_FUNCTION_LIST_ARG = (arg: string) => `ERR Unknown argument ${arg}`;
export const ERR_FUNCTION_LIST_NO_NAME = 'ERR library name argument was not given';
export const ERR_FUNCTION_FLUSH_ARGS = 'ERR FUNCTION FLUSH only supports SYNC|ASYNC option';
export const ERR_FUNCTION_RESTORE_POLICY =
  'ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.';
export const ERR_DUMP_PAYLOAD = 'ERR DUMP payload version or checksum are wrong';
export const ERR_FCALL_BAD_NUMKEYS = 'ERR Bad number of keys provided';
export const ERR_FUNCTION_RESTORE_EXISTS = (name: string) => `ERR Library ${name} already exists`;
