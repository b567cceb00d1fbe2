/*
 * Search: the text inside PDFs is indexed like that of text files.
 *
 * application/pdf now has text (app.mime_type_groups.has_text), so
 * everything that follows from it applies to PDFs too: at upload completion
 * the files function extracts the text (with unpdf, pdf.js built to run on
 * every JavaScript runtime, Supabase Edge included) and gives it to
 * app.index_version_content, cut to search.content_max_bytes like any text;
 * copies and restored versions carry it; the maintenance job indexes files
 * whose text is unknown.
 *
 * A PDF's text cannot be read from its first bytes (the table of its objects
 * is at the end), so the function reads the whole PDF into memory to parse
 * it: only PDFs of at most search.pdf_max_bytes (16 MiB by default) are
 * indexed, so that one upload cannot take an edge worker's memory. A larger
 * PDF, or one that does not parse, is searchable by its name, tags and
 * description only. Pages are read in order until the text reaches
 * search.content_max_bytes.
 */

update app.mime_type_groups set has_text = true where mime_pattern = 'application/pdf';

/* How large a PDF content search parses to index its text (setting search.pdf_max_bytes, 16 MiB by default). */
create function app.search_pdf_max_bytes()
returns bigint
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(nullif(private.setting('search.pdf_max_bytes'), '')::bigint, 16777216)
$$;
grant execute on function app.search_pdf_max_bytes() to authenticated, service_role;
