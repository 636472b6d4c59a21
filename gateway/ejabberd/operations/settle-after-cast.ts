/**
 * Some commands answer before their effect lands: destroy_room casts `destroy` to the room
 * (mod_muc_room:destroy/1), kick_session / kick_user send `kick` to the c2s process. The port
 * promises the effect, so the operation polls until it is visible, within a bound; past the
 * bound it returns anyway, since the command itself succeeded. The wait doubles from 10 ms
 * (capped at 200 ms), so a slow effect costs ejabberd a handful of checks, not two hundred.
 */

const FIRST_POLL_MS = 10;
const MAX_POLL_MS = 200;
const LIMIT_MS = 2000;

export async function settleAfterCast(done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + LIMIT_MS;
  for (let wait = FIRST_POLL_MS; !(await done()) && Date.now() < deadline; wait = Math.min(wait * 2, MAX_POLL_MS)) {
    await new Promise((r) => setTimeout(r, wait));
  }
}
