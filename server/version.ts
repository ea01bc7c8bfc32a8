/** The Redis version respite answers as (HELLO, INFO, redis.REDIS_VERSION): the 7.0 series it follows. */
export const REDIS_VERSION = '7.0.15';
/** The version of respite itself. */
export const RESPITE_VERSION = '0.1.0';
