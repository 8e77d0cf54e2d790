import { ADMIT } from './admit';
import { CANCEL } from './cancel';
import { COOLDOWN } from './cooldown';
import { FINISH } from './finish';
import { HEARTBEAT } from './heartbeat';
import { LEARNT, learntKey, parseLearnt } from './learnt';
import { RECORD } from './record';
import { RESTAMP } from './restamp';
import { type RedisScript } from './script';
import { USAGE } from './usage';

export { ADMIT, CANCEL, COOLDOWN, FINISH, HEARTBEAT, LEARNT, RECORD, RESTAMP, USAGE, learntKey, parseLearnt };
export { KeySpace, type RedisScript } from './script';
export { type ReplayBatch } from './record';

/** Every script of the Redis limit store, to define on a client. */
export const SCRIPTS: ReadonlyArray<RedisScript<never, unknown>> = [ADMIT, FINISH, RESTAMP, CANCEL, RECORD, COOLDOWN, HEARTBEAT, USAGE, LEARNT];
