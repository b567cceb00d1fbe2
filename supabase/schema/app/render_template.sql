-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.render_template(template text, vars jsonb, html boolean DEFAULT false)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
  select coalesce(string_agg(
    case
      when t.i % 2 = 1 and not html then t.part
      when t.i % 2 = 1 then replace(app.html_escape(t.part), E'\n', E'<br>\n')
      when not html then coalesce(vars ->> t.part, '')
      when t.part like '%\_url' and (vars ->> t.part ~* '^https?://' or vars ->> t.part = '{{unsubscribe_url}}')
        then format('<a href="%1$s">%1$s</a>', app.html_escape(vars ->> t.part))
      else app.html_escape(coalesce(vars ->> t.part, ''))
    end, '' order by t.i), '')
  from unnest(regexp_split_to_array(template, '\{\{|\}\}')) with ordinality as t(part, i)
$function$;
grant execute on function app.render_template(template text, vars jsonb, html boolean) to authenticated;
grant execute on function app.render_template(template text, vars jsonb, html boolean) to service_role;
