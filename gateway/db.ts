/**
 * The gateway's connection pool, logged in as the authenticator role, and the
 * listener for PostgREST's `NOTIFY pgrst` channel.
 */
import postgres from "postgres";

export type Sql = postgres.Sql;

/** A pool of `size` connections; statements are prepared once per connection and reused. */
export function createPool(uri: string, size: number): Sql {
  return postgres(uri, {
    max: size,
    prepare: true,
    onnotice: () => {},
    idle_timeout: 60,
    connect_timeout: 10,
    // Every value the gateway binds is already text (JSON included) and bodies come back as
    // text: the client must not JSON-encode a string again for a json-typed parameter.
    types: {
      json: {
        to: 114,
        from: [114, 3802],
        serialize: (x: unknown) => (typeof x === "string" ? x : JSON.stringify(x)),
        parse: (x: string) => x,
      },
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
