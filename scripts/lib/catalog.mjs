// A canonical text picture of the project's catalog: every object of the
// `app`, `api` and `private` schemas with its definition, grants and
// comment, plus what the migrations set outside them (the API roles'
// settings, extensions, default privileges). Two databases whose pictures
// are equal were built to the same schema, whatever files built them; the
// migration runner uses it to recognise a database made by the squashed
// history, and `scripts/compare-catalogs.mjs` to prove a squash.

export const PROJECT_SCHEMAS = ['app', 'api', 'private'];
const API_ROLES = ['anon', 'authenticated', 'authenticator', 'service_role'];

/**
 * One query per kind of object, each answering (kind, name, definition)
 * rows. `$1` is the schemas, `$2` the API roles (inlined: constants).
 */
const QUERIES = {
  schema: `
    select n.nspname as name,
           concat_ws(' | ', pg_get_userbyid(n.nspowner), n.nspacl::text, obj_description(n.oid, 'pg_namespace')) as def
    from pg_namespace n where n.nspname = any($1)`,
  type: `
    select format('%I.%I', n.nspname, t.typname) as name,
           concat_ws(' | ', t.typtype,
             (select string_agg(e.enumlabel, ',' order by e.enumsortorder) from pg_enum e where e.enumtypid = t.oid),
             (select string_agg(format('%I %s', a.attname, format_type(a.atttypid, a.atttypmod)), ', ' order by a.attnum)
                from pg_attribute a where a.attrelid = t.typrelid and a.attnum > 0 and not a.attisdropped),
             case when t.typtype = 'd' then format_type(t.typbasetype, t.typtypmod) end,
             t.typacl::text, obj_description(t.oid, 'pg_type')) as def
    from pg_type t join pg_namespace n on n.oid = t.typnamespace
    where n.nspname = any($1) and t.typtype in ('e', 'c', 'd')
      and (t.typrelid = 0 or (select c.relkind from pg_class c where c.oid = t.typrelid) = 'c')`,
  relation: `
    select format('%I.%I', n.nspname, c.relname) as name,
           concat_ws(' | ', c.relkind, c.relpersistence, c.reloptions::text,
             case when c.relrowsecurity then 'rls' end, case when c.relforcerowsecurity then 'force rls' end,
             c.relacl::text, obj_description(c.oid, 'pg_class'),
             case when c.relkind in ('v', 'm') then pg_get_viewdef(c.oid) end) as def
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = any($1) and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')`,
  column: `
    select format('%I.%I.%I', n.nspname, c.relname, a.attname) as name,
           concat_ws(' | ',
             row_number() over (partition by c.oid order by a.attnum),
             format_type(a.atttypid, a.atttypmod),
             case when a.attnotnull then 'not null' end,
             pg_get_expr(d.adbin, d.adrelid), nullif(a.attidentity, ''), nullif(a.attgenerated, ''),
             case when a.attcollation <> t.typcollation then (select collname from pg_collation where oid = a.attcollation) end,
             a.attacl::text, col_description(c.oid, a.attnum)) as def
    from pg_attribute a
    join pg_class c on c.oid = a.attrelid
    join pg_namespace n on n.oid = c.relnamespace
    join pg_type t on t.oid = a.atttypid
    left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    where n.nspname = any($1) and c.relkind in ('r', 'p', 'v', 'm', 'f', 'c') and a.attnum > 0 and not a.attisdropped`,
  constraint: `
    select format('%I.%I %I', n.nspname, coalesce(c.relname, t.typname), co.conname) as name,
           concat_ws(' | ', pg_get_constraintdef(co.oid), obj_description(co.oid, 'pg_constraint')) as def
    from pg_constraint co
    join pg_namespace n on n.oid = co.connamespace
    left join pg_class c on c.oid = co.conrelid
    left join pg_type t on t.oid = co.contypid
    where n.nspname = any($1)`,
  index: `
    select format('%I.%I', n.nspname, c.relname) as name,
           concat_ws(' | ', pg_get_indexdef(c.oid), obj_description(c.oid, 'pg_class')) as def
    from pg_index i join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = any($1)`,
  trigger: `
    select format('%I.%I %I', n.nspname, c.relname, tg.tgname) as name,
           concat_ws(' | ', pg_get_triggerdef(tg.oid), tg.tgenabled, obj_description(tg.oid, 'pg_trigger')) as def
    from pg_trigger tg join pg_class c on c.oid = tg.tgrelid join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = any($1) and not tg.tgisinternal`,
  policy: `
    select format('%I.%I %I', p.schemaname, p.tablename, p.policyname) as name,
           concat_ws(' | ', p.permissive, p.cmd, p.roles::text, p.qual, p.with_check,
             obj_description(po.oid, 'pg_policy')) as def
    from pg_policies p
    join pg_class c on c.relname = p.tablename
    join pg_namespace n on n.oid = c.relnamespace and n.nspname = p.schemaname
    join pg_policy po on po.polrelid = c.oid and po.polname = p.policyname
    where p.schemaname = any($1)`,
  function: `
    select format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) as name,
           concat_ws(' | ', pg_get_userbyid(p.proowner), p.proacl::text, obj_description(p.oid, 'pg_proc'),
             case when p.prokind = 'a' then 'aggregate' else pg_get_functiondef(p.oid) end) as def
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = any($1)`,
  role: `
    select r.rolname as name,
           concat_ws(' | ', r.rolcanlogin, r.rolinherit, r.rolbypassrls,
             (select string_agg(s.setconfig::text, ';') from pg_db_role_setting s
               where s.setrole = r.oid and s.setdatabase in (0, (select oid from pg_database where datname = current_database()))),
             (select string_agg(g.rolname, ',' order by g.rolname) from pg_auth_members m join pg_roles g on g.oid = m.roleid where m.member = r.oid)) as def
    from pg_roles r where r.rolname = any($2)`,
  extension: `
    select e.extname as name, n.nspname as def
    from pg_extension e join pg_namespace n on n.oid = e.extnamespace
    where n.nspname = 'extensions' or n.nspname = any($1)`,
  default_privilege: `
    select concat_ws(' ', pg_get_userbyid(d.defaclrole), coalesce(n.nspname, '*'), d.defaclobjtype) as name,
           d.defaclacl::text as def
    from pg_default_acl d left join pg_namespace n on n.oid = d.defaclnamespace`,
};

/**
 * A function's definition without its comments and with single spaces, so
 * rewording a comment inside a body is not a change of schema. (A `--` inside
 * a string literal goes too; both sides of a comparison lose it alike.)
 */
const withoutComments = (def) =>
  def.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/--[^\n]*/g, ' ').replace(/\s+/g, ' ').trim();

/** A query with the schema and role lists written in as array literals. */
const literal = (names) => `array[${names.map((n) => `'${n}'`).join(', ')}]::text[]`;
const inline = (query) => query.replaceAll('$1', literal(PROJECT_SCHEMAS)).replaceAll('$2', literal(API_ROLES));

/**
 * The catalog picture as sorted lines `kind name: definition`. With
 * `{ data: true }` it adds each project table's row count and a hash of its
 * rows, for comparing freshly migrated databases (seeds included).
 */
export async function catalogPicture(sql, { data = false } = {}) {
  const lines = [];
  for (const [kind, query] of Object.entries(QUERIES)) {
    for (const row of await sql.unsafe(inline(query))) {
      const def = kind === 'function' ? withoutComments(row.def ?? '') : (row.def ?? '');
      lines.push(`${kind} ${row.name}: ${def}`);
    }
  }
  if (data) {
    const tables = await sql.unsafe(
      `select format('%I.%I', n.nspname, c.relname) as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = any($1) and c.relkind in ('r', 'p')`.replaceAll('$1', literal(PROJECT_SCHEMAS)),
    );
    for (const { name } of tables) {
      // Generated ids, timestamps and secrets differ between any two databases; the rest must not.
      const [row] = await sql.unsafe(`
        select count(*)::int as n, md5(coalesce(string_agg(r, E'\\n' order by r), '')) as hash
        from (select (select coalesce(jsonb_object_agg(k, v), '{}')::text
                      from jsonb_each(to_jsonb(t)) as e(k, v)
                      where jsonb_typeof(v) <> 'string'
                         or (v #>> '{}' !~ '^[0-9a-f]{8}-[0-9a-f]{4}-' and v #>> '{}' !~ '^\\d{4}-\\d\\d-\\d\\dT'
                             and not ('${name}' = 'private.settings' and k = 'value'))) as r
              from ${name} t) rows`);
      lines.push(`data ${name}: ${row.n} rows ${row.hash}`);
    }
  }
  return lines.sort();
}

/** The lines only in `a` and only in `b`, each sorted; both empty when the pictures agree. */
export function diffPictures(a, b) {
  const inB = new Set(b);
  const inA = new Set(a);
  return { onlyA: a.filter((l) => !inB.has(l)), onlyB: b.filter((l) => !inA.has(l)) };
}
