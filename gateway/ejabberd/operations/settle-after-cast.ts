/**
 * Some commands answer before their effect lands: destroy_room casts `destroy` to the room
 * (mod_muc_room:destroy/1), kick_session / kick_user send `kick` to the c2s process. The port
 * promises the effect, so the operation polls until it is visible, within a bound; past the
 * bound it returns anyway, since the command itself succeeded.
 */

const POLL_MS = 10;
const LIMIT_MS = 2000;

export async function settleAfterCast(done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + LIMIT_MS;
  while (!(await done()) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
