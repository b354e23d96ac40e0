// Preloaded into the Prisma CLI by scripts/prisma.mjs. The WebAssembly schema engine leaves a
// 10-second timer behind after its work is done, which keeps the CLI alive for 10 s after
// `migrate deploy` has finished. Long timers never carry the CLI's own work (that waits on
// database sockets), so letting them not hold the process open only removes the idle wait.
const setTimeoutWithRef = global.setTimeout;
global.setTimeout = function setTimeoutUnrefLong(callback, ms, ...args) {
  const timer = setTimeoutWithRef(callback, ms, ...args);
  if (typeof ms === 'number' && ms >= 5000 && typeof timer.unref === 'function') timer.unref();
  return timer;
};
