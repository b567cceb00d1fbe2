/**
 * Which table column each column of a view shows, read from the view's
 * rewrite rule (`pg_rewrite.ev_action`), as PostgREST does, so foreign keys
 * and primary keys of `app` tables carry over to the `api` views over them.
 */

export interface ColumnSource {
  rel: number;
  col: number;
}

/** Maps each output column name of a view's top-level query to its (table oid, attnum), where known. */
export function viewColumnSources(action: string): Map<string, ColumnSource> {
  const out = new Map<string, ColumnSource>();
  let depth = 0;
  let i = 0;
  let start = -1;
  // Find `:targetList` directly inside the outermost {QUERY ...}.
  for (; i < action.length; i++) {
    const ch = action[i];
    if (ch === "\\") {
      i++;
      continue;
    }
    if (ch === "{") depth++;
    else if (ch === "}") depth--;
    else if (depth === 1 && action.startsWith(":targetList", i)) {
      start = i + ":targetList".length;
      break;
    }
  }
  if (start < 0) return out;
  depth = 1;
  let entryStart = -1;
  for (i = start; i < action.length; i++) {
    const ch = action[i];
    if (ch === "\\") {
      i++;
      continue;
    }
    if (ch === "{") {
      if (depth === 1) entryStart = i;
      depth++;
    } else if (ch === "}") {
      depth--;
      if (depth === 1 && entryStart >= 0) {
        addEntry(action.slice(entryStart, i + 1), out);
        entryStart = -1;
      }
      if (depth === 0) break;
    } else if (depth === 1 && ch === ":") break; // the next field of the query: the list has ended
  }
  return out;
}

/** Reads `:resname`, `:resorigtbl`, `:resorigcol` and `:resjunk` at the entry's own level. */
function addEntry(entry: string, out: Map<string, ColumnSource>) {
  const fields = new Map<string, string>();
  let depth = 0;
  for (let i = 0; i < entry.length; i++) {
    const ch = entry[i];
    if (ch === "\\") {
      i++;
      continue;
    }
    if (ch === "{") depth++;
    else if (ch === "}") depth--;
    else if (depth === 1 && ch === ":") {
      const m = /^:(\w+) ((?:\\.|[^\s\\{}()])*)/.exec(entry.slice(i));
      if (m) fields.set(m[1], m[2].replace(/\\(.)/g, "$1"));
    }
  }
  const name = fields.get("resname");
  const rel = Number(fields.get("resorigtbl"));
  const col = Number(fields.get("resorigcol"));
  if (!name || fields.get("resjunk") === "true" || !rel || !col) return;
  out.set(name, { rel, col });
}
