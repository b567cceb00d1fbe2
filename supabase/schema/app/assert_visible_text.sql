-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.assert_visible_text(value text, what text DEFAULT 'A name'::text)
 RETURNS void
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO ''
AS $function$
declare
  -- Joiners doing their visible job stand in for a plain character: a
  -- zero-width joiner inside an emoji sequence, and a (non-)joiner between
  -- letters of the scripts that need one (Arabic and Persian, Syriac, the
  -- Indic scripts, Myanmar, Khmer, Mongolian). Either changes how the text
  -- is drawn, visibly, so it cannot make two names look the same.
  checked text := regexp_replace(regexp_replace(value,
    '([\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u21aa\u231a-\u23ff\u24c2\u25aa-\u27bf\u2934\u2935'
    '\u2b05-\u2b55\u3030\u303d\u3297\u3299\ufe0f\U0001f000-\U0001faff])\u200d'
    '(?=[\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u21aa\u231a-\u23ff\u24c2\u25aa-\u27bf\u2934\u2935'
    '\u2b05-\u2b55\u3030\u303d\u3297\u3299\ufe0f\U0001f000-\U0001faff])', '\1_', 'g'),
    '([\u0620-\u06ff\u0710-\u074f\u0750-\u077f\u08a0-\u08ff\u0900-\u0dff\u1000-\u109f\u1780-\u17ff\u1820-\u18af'
    '\ufb50-\ufdff\ufe70-\ufefc])[\u200c\u200d]'
    '(?=[\u0620-\u06ff\u0710-\u074f\u0750-\u077f\u08a0-\u08ff\u0900-\u0dff\u1000-\u109f\u1780-\u17ff\u1820-\u18af'
    '\ufb50-\ufdff\ufe70-\ufefc])', '\1_', 'g');
  bad text := substring(checked from
    '[\u0001-\u001f\u007f-\u009f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e'
    '\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb'
    '\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a'
    '\U000e0001\U000e0020-\U000e007f]');
  hex text;
  found_at text;
begin
  if bad is null then
    return;
  end if;
  hex := to_hex(ascii(bad));
  found_at := format('It contains U+%s at character %s.', upper(lpad(hex, greatest(length(hex), 4), '0')), strpos(checked, bad));
  if bad ~ '[\u0001-\u001f\u007f-\u009f]' then
    raise exception using errcode = 'PT400', message = format('%s cannot contain control characters.', what),
      detail = found_at;
  end if;
  if bad ~ '[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]' then
    raise exception using errcode = 'PT400',
      message = format('%s cannot contain text-direction controls: they can disguise what it says.', what),
      detail = found_at;
  end if;
  if bad ~ '[\u2028\u2029]' then
    raise exception using errcode = 'PT400', message = format('%s cannot contain line or paragraph separators.', what),
      detail = found_at;
  end if;
  raise exception using errcode = 'PT400', message = format('%s cannot contain invisible formatting characters.', what),
    detail = found_at;
end
$function$;
grant execute on function app.assert_visible_text(value text, what text) to authenticated;
grant execute on function app.assert_visible_text(value text, what text) to service_role;
comment on function app.assert_visible_text(value text, what text) is 'Refuses (PT400) control, format (bidi, zero-width) and line/paragraph separator characters in a name.';
