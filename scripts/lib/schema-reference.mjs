// The schema reference: the current definition of every object of the `app`,
// `api` and `private` schemas, read from a migrated database and written as
// one SQL file per object (supabase/schema/<schema>/<name>.sql: a table with
// its indexes, RLS, policies, triggers, grants and comments; a view; all
// overloads of a function; a type). Migrations are the history; this is the
// present, one file away. Nothing here is applied: it is for reading.
import { PROJECT_SCHEMAS } from './catalog.mjs';

const schemaList = `array[${PROJECT_SCHEMAS.map((s) => `'${s}'`).join(', ')}]::text[]`;
const sqlString = (text) => `'${String(text).replaceAll("'", "''")}'`;
const ident = (name) => (/^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`);

/** `grant ... to ...;` lines for an ACL, leaving out the owner's own rights. */
async function grantLines(sql, acl, objectKind, objectName, owner) {
  if (!acl) return [];
  const rows = await sql.unsafe(
    `select case when a.grantee = 0 then 'public' else pg_get_userbyid(a.grantee) end as grantee,
            string_agg(a.privilege_type, ', ' order by a.privilege_type) as privileges
     from aclexplode($1::aclitem[]) a
     where a.grantee <> (select oid from pg_roles where rolname = $2)
     group by 1 order by 1`,
    [acl, owner],
  );
  return rows.map((r) => `grant ${r.privileges.toLowerCase()} on ${objectKind}${objectName} to ${r.grantee};`);
}

/** Each table of the schemas as one file's text. */
async function tables(sql) {
  const out = [];
  const rels = await sql.unsafe(`
    select c.oid, n.nspname as schema, c.relname as name, c.relacl::text as acl, pg_get_userbyid(c.relowner) as owner,
           c.relrowsecurity as rls, c.relforcerowsecurity as force_rls, obj_description(c.oid, 'pg_class') as comment
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = any(${schemaList}) and c.relkind in ('r', 'p')
    order by 2, 3`);
  for (const t of rels) {
    const qname = `${t.schema}.${ident(t.name)}`;
    const columns = await sql.unsafe(
      `select a.attname, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull, a.attidentity, a.attgenerated,
              pg_get_expr(d.adbin, d.adrelid) as default, col_description(a.attrelid, a.attnum) as comment
       from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
       where a.attrelid = $1 and a.attnum > 0 and not a.attisdropped order by a.attnum`,
      [t.oid],
    );
    const constraints = await sql.unsafe(
      `select conname, pg_get_constraintdef(oid) as def from pg_constraint where conrelid = $1
       order by case contype when 'p' then 0 when 'u' then 1 when 'f' then 2 else 3 end, conname`,
      [t.oid],
    );
    const body = columns.map((c) => {
      let line = `  ${ident(c.attname)} ${c.type}`;
      if (c.attidentity) line += ` generated ${c.attidentity === 'a' ? 'always' : 'by default'} as identity`;
      else if (c.attgenerated) line += ` generated always as (${c.default}) stored`;
      else if (c.default) line += ` default ${c.default}`;
      if (c.attnotnull) line += ' not null';
      return line;
    });
    for (const k of constraints) body.push(`  constraint ${ident(k.conname)} ${k.def}`);
    const lines = [`create table ${qname} (`, body.join(',\n'), ');'];
    if (t.rls) lines.push(`alter table ${qname} enable row level security;`);
    if (t.force_rls) lines.push(`alter table ${qname} force row level security;`);
    const indexes = await sql.unsafe(
      `select pg_get_indexdef(i.indexrelid) as def from pg_index i
       where i.indrelid = $1 and not exists (select from pg_constraint k where k.conindid = i.indexrelid and k.conrelid = $1)
       order by 1`,
      [t.oid],
    );
    if (indexes.length) lines.push('', ...indexes.map((i) => `${i.def};`));
    const policies = await sql.unsafe(
      `select policyname, permissive, cmd, roles::text[] as roles, qual, with_check from pg_policies
       where schemaname = $1 and tablename = $2 order by policyname`,
      [t.schema, t.name],
    );
    for (const p of policies) {
      lines.push('', `create policy ${ident(p.policyname)} on ${qname}`);
      lines.push(`  as ${p.permissive.toLowerCase()} for ${p.cmd.toLowerCase()} to ${p.roles.join(', ')}`);
      if (p.qual) lines.push(`  using (${p.qual})`);
      if (p.with_check) lines.push(`  with check (${p.with_check})`);
      lines[lines.length - 1] += ';';
    }
    const triggers = await sql.unsafe(
      `select pg_get_triggerdef(oid) as def from pg_trigger where tgrelid = $1 and not tgisinternal order by tgname`,
      [t.oid],
    );
    if (triggers.length) lines.push('', ...triggers.map((g) => `${g.def};`));
    const grants = await grantLines(sql, t.acl, 'table ', qname, t.owner);
    if (grants.length) lines.push('', ...grants);
    const comments = [];
    if (t.comment) comments.push(`comment on table ${qname} is ${sqlString(t.comment)};`);
    for (const c of columns) if (c.comment) comments.push(`comment on column ${qname}.${ident(c.attname)} is ${sqlString(c.comment)};`);
    if (comments.length) lines.push('', ...comments);
    out.push({ schema: t.schema, name: t.name, text: lines.join('\n') });
  }
  return out;
}

/** Each view as one file's text. */
async function views(sql) {
  const rels = await sql.unsafe(`
    select c.oid, n.nspname as schema, c.relname as name, c.relacl::text as acl, pg_get_userbyid(c.relowner) as owner,
           c.reloptions, pg_get_viewdef(c.oid) as def, obj_description(c.oid, 'pg_class') as comment
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = any(${schemaList}) and c.relkind = 'v'
    order by 2, 3`);
  const out = [];
  for (const v of rels) {
    const qname = `${v.schema}.${ident(v.name)}`;
    const options = v.reloptions?.length ? ` with (${v.reloptions.join(', ')})` : '';
    const lines = [`create view ${qname}${options} as`, `${v.def.replace(/;\s*$/, '')};`];
    const grants = await grantLines(sql, v.acl, 'table ', qname, v.owner);
    if (grants.length) lines.push('', ...grants);
    const comments = [];
    if (v.comment) comments.push(`comment on view ${qname} is ${sqlString(v.comment)};`);
    const columns = await sql.unsafe(
      `select attname, col_description(attrelid, attnum) as comment from pg_attribute
       where attrelid = $1 and attnum > 0 and col_description(attrelid, attnum) is not null order by attnum`,
      [v.oid],
    );
    for (const c of columns) comments.push(`comment on column ${qname}.${ident(c.attname)} is ${sqlString(c.comment)};`);
    if (comments.length) lines.push('', ...comments);
    out.push({ schema: v.schema, name: v.name, text: lines.join('\n') });
  }
  return out;
}

/** Every function (all overloads of a name in one file) with its grants and comment. */
async function functions(sql) {
  const procs = await sql.unsafe(`
    select p.oid, n.nspname as schema, p.proname as name, pg_get_functiondef(p.oid) as def, p.proacl::text as acl,
           pg_get_userbyid(p.proowner) as owner, obj_description(p.oid, 'pg_proc') as comment,
           format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) as signature
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = any(${schemaList}) and p.prokind in ('f', 'p')
    order by 2, 3, 8`);
  const byName = new Map();
  for (const f of procs) {
    const key = `${f.schema}.${f.name}`;
    const lines = [`${f.def.trimEnd()};`];
    const grants = await grantLines(sql, f.acl, 'function ', f.signature, f.owner);
    if (grants.length) lines.push(...grants);
    if (f.comment) lines.push(`comment on function ${f.signature} is ${sqlString(f.comment)};`);
    if (!byName.has(key)) byName.set(key, { schema: f.schema, name: f.name, parts: [] });
    byName.get(key).parts.push(lines.join('\n'));
  }
  return [...byName.values()].map((f) => ({ schema: f.schema, name: f.name, text: f.parts.join('\n\n') }));
}

/** Composite, enum and domain types. */
async function types(sql) {
  const rows = await sql.unsafe(`
    select n.nspname as schema, t.typname as name, t.typtype, t.typrelid,
           format_type(t.typbasetype, t.typtypmod) as base, obj_description(t.oid, 'pg_type') as comment,
           (select string_agg(quote_literal(e.enumlabel), ', ' order by e.enumsortorder) from pg_enum e where e.enumtypid = t.oid) as labels
    from pg_type t join pg_namespace n on n.oid = t.typnamespace
    where n.nspname = any(${schemaList}) and t.typtype in ('e', 'c', 'd')
      and (t.typrelid = 0 or (select c.relkind from pg_class c where c.oid = t.typrelid) = 'c')
    order by 1, 2`);
  const out = [];
  for (const t of rows) {
    const qname = `${t.schema}.${ident(t.name)}`;
    let text;
    if (t.typtype === 'e') text = `create type ${qname} as enum (${t.labels});`;
    else if (t.typtype === 'd') text = `create domain ${qname} as ${t.base};`;
    else {
      const attrs = await sql.unsafe(
        `select attname, format_type(atttypid, atttypmod) as type from pg_attribute
         where attrelid = $1 and attnum > 0 and not attisdropped order by attnum`,
        [t.typrelid],
      );
      text = `create type ${qname} as (\n${attrs.map((a) => `  ${ident(a.attname)} ${a.type}`).join(',\n')}\n);`;
    }
    if (t.comment) text += `\ncomment on type ${qname} is ${sqlString(t.comment)};`;
    out.push({ schema: t.schema, name: t.name, text });
  }
  return out;
}

/**
 * The reference as a map of relative path (`app/files.sql`) to file text.
 * Names shared by two kinds of object in one schema (a type and a function
 * of the same name) share one file, type first.
 */
export async function schemaReference(sql) {
  const files = new Map();
  const header = '-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.\n';
  for (const objects of [await types(sql), await tables(sql), await views(sql), await functions(sql)]) {
    for (const o of objects) {
      const file = `${o.schema}/${o.name}.sql`;
      files.set(file, files.has(file) ? `${files.get(file)}\n${o.text}\n` : `${header}\n${o.text}\n`);
    }
  }
  return files;
}
