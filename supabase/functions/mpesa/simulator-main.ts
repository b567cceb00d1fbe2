/**
 * Runs the Daraja simulator as its own process (`npm start` and the API
 * test stack start it when MPESA_ENV=simulator):
 *   deno run --allow-net supabase/functions/mpesa/simulator-main.ts --port 54325 [--answer-ms 1500] [--late-ms 3000]
 * It accepts the simulator defaults of _shared/config.ts (the public
 * sandbox shortcode and passkey, fixed consumer key and secret).
 */
import { SIMULATOR_DEFAULTS } from "../_shared/config.ts";
import { startSimulator } from "./simulator.ts";

function arg(name: string, fallback: number): number {
  const i = Deno.args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const n = Number(Deno.args[i + 1]);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`simulator: --${name} must be a whole number, got "${Deno.args[i + 1]}"`);
    Deno.exit(2);
  }
  return n;
}

const sim = await startSimulator({
  ...SIMULATOR_DEFAULTS,
  port: arg("port", 54325),
  answerDelayMs: arg("answer-ms", 1500),
  lateDelayMs: arg("late-ms", 3000),
  log: (line) => console.log(line),
});
console.log(`simulator: Daraja on ${sim.url}`);
// The stack closes stdin to stop its children.
(async () => {
  for await (const _ of Deno.stdin.readable) { /* wait for EOF */ }
  await sim.close();
  Deno.exit(0);
})();
