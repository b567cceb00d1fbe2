-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.free_name(owner uuid, parent uuid, wanted text, is_folder boolean)
 RETURNS text
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  stem text := wanted;
  ext text := '';
  candidate text := wanted;
  n integer := 1;
begin
  if not is_folder and wanted ~ '.\.[^.]+$' then
    stem := substring(wanted from '^(.*)\.[^.]+$');
    ext := substring(wanted from '(\.[^.]+)$');
  end if;
  while app.name_taken(owner, parent, candidate, is_folder) loop
    candidate := left(stem, 240 - octet_length(ext)) || ' (' || n || ')' || ext;
    n := n + 1;
  end loop;
  return candidate;
end
$function$;
