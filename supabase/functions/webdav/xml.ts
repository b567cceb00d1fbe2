/**
 * XML in and out: request bodies (PROPFIND, PROPPATCH, LOCK; small, capped)
 * parsed namespace-aware by @xmldom/xmldom, and escaping for the answers we
 * write ourselves as streamed text.
 */
import { DOMParser, type Element, type Node } from "@xmldom/xmldom";
import { HttpError, readBounded } from "../_shared/http.ts";

export const DAV = "DAV:";
const MAX_BODY = 1 << 20;

/** A property's name: namespace URI and local name. */
export interface PropName {
  ns: string;
  name: string;
}

/** Escapes text for an XML text node or attribute. */
const ENTITIES: Record<string, string> = { "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" };

/** Text as XML character data; most names need nothing (PROPFIND escapes several strings per child). */
export function esc(s: string): string {
  return /[<>&"']/.test(s) ? s.replace(/[<>&"']/g, (c) => ENTITIES[c]) : s;
}

/** Whether a request says it carries a body (a length above 0, or chunked). */
export function hasBody(req: Request): boolean {
  const length = req.headers.get("content-length");
  if (length !== null) return length !== "0";
  return req.headers.has("transfer-encoding");
}

/** A request body of at most 1 MiB as text ("" when there is none). */
export async function smallBody(req: Request): Promise<string> {
  if (!req.body || !hasBody(req)) return "";
  return new TextDecoder().decode(await readBounded(req, MAX_BODY, "An XML request body is at most 1 MiB."));
}

/** The document element of an XML body, null when the body is empty; 400 when it is not XML. */
export async function readXml(req: Request): Promise<Element | null> {
  const text = await smallBody(req);
  if (text.trim() === "") return null;
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new HttpError(400, "PT400", "Document type declarations are not accepted.");
  try {
    const doc = new DOMParser({
      onError: (level: string, message: string) => {
        if (level !== "warning") throw new Error(message);
      },
    }).parseFromString(text, "application/xml");
    const root = doc.documentElement;
    if (!root) throw new Error("no root element");
    return root as Element;
  } catch {
    throw new HttpError(400, "PT400", "The request body is not well-formed XML.");
  }
}

/** The element children of a node. */
export function children(node: Node): Element[] {
  const out: Element[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) out.push(c as Element);
  return out;
}

/** Whether an element is DAV:<name>. */
export function isDav(el: Element, name: string): boolean {
  return el.namespaceURI === DAV && el.localName === name;
}

/** The first DAV:<name> child, or null. */
export function davChild(el: Element, name: string): Element | null {
  return children(el).find((c) => isDav(c, name)) ?? null;
}

/** A property element's name. */
export function propName(el: Element): PropName {
  return { ns: el.namespaceURI ?? "", name: el.localName ?? el.nodeName };
}

/** An element's content as XML text (a dead property's value), namespaces kept on the children. */
export function innerXml(el: Element): string {
  let out = "";
  for (let c = el.firstChild; c; c = c.nextSibling) out += String(c);
  return out;
}

/** One property element as we answer it: `<x:name xmlns:x="ns">value</x:name>` (value is XML text). */
export function propXml(p: PropName, valueXml: string | null): string {
  if (p.ns === DAV) return valueXml === null || valueXml === "" ? `<D:${p.name}/>` : `<D:${p.name}>${valueXml}</D:${p.name}>`;
  const attr = p.ns === "" ? ' xmlns=""' : ` xmlns:x="${esc(p.ns)}"`;
  const tag = p.ns === "" ? p.name : `x:${p.name}`;
  return valueXml === null || valueXml === "" ? `<${tag}${attr}/>` : `<${tag}${attr}>${valueXml}</${tag}>`;
}
