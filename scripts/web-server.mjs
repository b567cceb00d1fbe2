// Serves the web client's production build (adapter-node) and exits when the
// launcher's pipe closes, so a killed `npm start` leaves no orphan server.
if (process.env.EXIT_ON_STDIN_EOF !== '0') {
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}
await import('../web/build/index.js');
