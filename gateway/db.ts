/**
 * The gateway's connection pool, logged in as the authenticator role, and the
 * listener for PostgREST's `NOTIFY pgrst` channel.
 */
import postgres from "postgres";

export type Sql = postgres.Sql;

/** A serializer that leaves strings alone and converts anything else with `convert`. */
function passText(convert: (x: unknown) => string): (x: unknown) => string {
  return (x) => (typeof x === "string" ? x : convert(x));
}

/** A pool of `size` connections; statements are prepared once per connection and reused. */
export function createPool(uri: string, size: number): Sql {
  return postgres(uri, {
    max: size,
    prepare: true,
    onnotice: () => {},
    idle_timeout: 60,
    connect_timeout: 10,
    // Every value the gateway binds is already text (JSON included) and bodies come back as
    // text: the client must not re-encode a string for a json, date or bytea parameter
    // (a date serializer would throw on "A*"; Postgres must be the one to refuse it, as 22007).
    types: {
      json: { to: 114, from: [114, 3802], serialize: passText(JSON.stringify), parse: (x: string) => x },
      date: { to: 1184, from: [1082, 1114, 1184], serialize: passText((x) => (x as Date).toISOString()), parse: (x: string) => x },
      bytea: { to: 17, from: [17], serialize: passText((x) => "\\x" + [...(x as Uint8Array)].map((b) => b.toString(16).padStart(2, "0")).join("")), parse: (x: string) => x },
      boolean: { to: 16, from: [16], serialize: passText((x) => (x ? "t" : "f")), parse: (x: string) => x === "t" },
      number: { to: 0, from: [21, 23, 26, 700, 701], serialize: passText(String), parse: (x: string) => +x },
    },
    connection: { application_name: "pgdrive-gateway" },
  });
}

/**
 * Calls `onMessage` for every notification on the `pgrst` channel, as
 * PostgREST does ('reload schema', 'reload config'). Returns an unlisten function.
 */
export async function listenPgrst(sql: Sql, onMessage: (payload: string) => void): Promise<() => Promise<void>> {
  const { unlisten } = await sql.listen("pgrst", onMessage, () => onMessage("reload schema"));
  return unlisten;
}
