/**
 * The catalogue as DCAT-AP 3.0.1 (one RDF graph, two serialisations: Turtle through n3's Writer, JSON-LD as
 * the same triples in expanded form, so the two can never disagree). Mandatory properties (DCAT-AP 3.0.1
 * §§ 4–5): dcat:Catalog dct:title, dct:description, dct:publisher, dcat:dataset; dcat:Dataset dct:title,
 * dct:description; dcat:Distribution dcat:accessURL; dcat:DataService dct:title, dcat:endpointURL; foaf:Agent
 * foaf:name. Recommended ones filled where we hold the data: contact point, keywords, themes, publisher,
 * access rights, frequency, temporal and spatial coverage, licence, format, media type, byte size, checksum,
 * modification dates. Closed datasets (不予开放) are not in the catalogue.
 */
import type { Department } from "@yiwang/contracts";
import { DataFactory, type Quad, type Quad_Object, type Quad_Subject, Writer } from "n3";
import { ACCESS_RIGHTS, FREQUENCIES, LICENSES } from "./licenses.js";
import type { DatasetRow, ResourceRow } from "./repository.js";

const { namedNode, literal, blankNode, quad } = DataFactory;

export const PREFIXES = {
  dcat: "http://www.w3.org/ns/dcat#",
  dct: "http://purl.org/dc/terms/",
  foaf: "http://xmlns.com/foaf/0.1/",
  vcard: "http://www.w3.org/2006/vcard/ns#",
  xsd: "http://www.w3.org/2001/XMLSchema#",
  rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
  skos: "http://www.w3.org/2004/02/skos/core#",
  spdx: "http://spdx.org/rdf/terms#",
  locn: "http://www.w3.org/ns/locn#",
  owl: "http://www.w3.org/2002/07/owl#",
} as const;
const EU = "http://publications.europa.eu/resource/authority/";

type Prefix = keyof typeof PREFIXES;
const p = (prefix: Prefix, local: string) => namedNode(`${PREFIXES[prefix]}${local}`);
const typed = (value: string, type: string) => literal(value, p("xsd", type));

export interface CatalogueInput {
  publicUrl: string;
  publisher: Department | undefined;
  datasets: DatasetRow[];
  resources: ResourceRow[];
  departments: ReadonlyMap<string, Department>;
}

export function catalogueQuads(input: CatalogueInput): Quad[] {
  const { publicUrl: base } = input;
  const out: Quad[] = [];
  const add = (s: Quad_Subject, pred: ReturnType<typeof p>, o: Quad_Object) => out.push(quad(s, pred, o));
  const a = p("rdf", "type");
  const agents = new Map<string, ReturnType<typeof namedNode>>();
  const agent = (d: Department | undefined, id: string) => {
    const iri = namedNode(`${base}/opendata/organizations/${d?.key ?? id}`);
    if (!agents.has(iri.value)) {
      agents.set(iri.value, iri);
      add(iri, a, p("foaf", "Agent"));
      add(iri, p("foaf", "name"), literal(d?.name ?? id, "zh"));
      if (d?.nameEn) add(iri, p("foaf", "name"), literal(d.nameEn, "en"));
      add(iri, p("dct", "identifier"), literal(d?.code ?? id));
    }
    return iri;
  };

  const catalog = namedNode(`${base}/catalog`);
  const service = namedNode(`${base}/api/3/action/`);
  add(catalog, a, p("dcat", "Catalog"));
  add(catalog, p("dct", "title"), literal("一网 公共数据开放目录", "zh"));
  add(catalog, p("dct", "title"), literal("Yiwang open data catalogue", "en"));
  add(catalog, p("dct", "description"), literal("示例市各部门无条件开放和有条件开放的公共数据集。", "zh"));
  add(catalog, p("dct", "description"), literal("Public datasets opened by the departments of Example City.", "en"));
  add(catalog, p("dct", "publisher"), agent(input.publisher, "platform"));
  add(catalog, p("foaf", "homepage"), namedNode(`${base}/opendata`));
  add(catalog, p("dct", "language"), namedNode(`${EU}language/ZHO`));
  add(catalog, p("dcat", "service"), service);
  const latest = new Date(Math.max(0, ...input.datasets.map((d) => d.updated_at.getTime())));
  if (input.datasets.length) add(catalog, p("dct", "modified"), typed(latest.toISOString(), "dateTime"));

  add(service, a, p("dcat", "DataService"));
  add(service, p("dct", "title"), literal("CKAN Action API v3", "en"));
  add(service, p("dcat", "endpointURL"), service);
  add(service, p("dct", "conformsTo"), namedNode("https://docs.ckan.org/en/2.10/api/"));

  for (const d of input.datasets) {
    const ds = namedNode(`${base}/opendata/${encodeURIComponent(d.name)}`);
    add(catalog, p("dcat", "dataset"), ds);
    add(ds, a, p("dcat", "Dataset"));
    add(ds, p("dct", "title"), literal(d.title, "zh"));
    add(ds, p("dct", "description"), literal(d.description, "zh"));
    add(ds, p("dct", "identifier"), literal(d.id));
    add(ds, p("dct", "publisher"), agent(input.departments.get(d.department_id), d.department_id));
    add(ds, p("dcat", "landingPage"), ds);
    add(ds, p("dct", "issued"), typed(d.created_at.toISOString(), "dateTime"));
    add(ds, p("dct", "modified"), typed(d.updated_at.toISOString(), "dateTime"));
    add(ds, p("owl", "versionInfo"), literal(String(d.version)));
    add(ds, p("dct", "accessRights"), namedNode(`${EU}access-right/${ACCESS_RIGHTS[d.open_level] ?? "NON_PUBLIC"}`));
    add(ds, p("dct", "accrualPeriodicity"), namedNode(`${EU}frequency/${FREQUENCIES[d.frequency] ?? "UNKNOWN"}`));
    for (const k of d.keywords) add(ds, p("dcat", "keyword"), literal(k, "zh"));
    for (const t of d.themes) {
      const theme = namedNode(`${base}/opendata/themes/${encodeURIComponent(t)}`);
      add(ds, p("dcat", "theme"), theme);
      add(theme, a, p("skos", "Concept"));
      add(theme, p("skos", "prefLabel"), literal(t, "zh"));
    }
    const contact = blankNode();
    add(ds, p("dcat", "contactPoint"), contact);
    add(contact, a, p("vcard", "Kind"));
    add(contact, p("vcard", "fn"), literal(d.contact_name));
    add(contact, p("vcard", "hasEmail"), namedNode(`mailto:${d.contact_email}`));
    if (d.spatial) {
      const place = blankNode();
      add(ds, p("dct", "spatial"), place);
      add(place, a, p("dct", "Location"));
      add(place, p("locn", "geographicName"), literal(d.spatial, "zh"));
    }
    if (d.temporal_start || d.temporal_end) {
      const period = blankNode();
      add(ds, p("dct", "temporal"), period);
      add(period, a, p("dct", "PeriodOfTime"));
      if (d.temporal_start) add(period, p("dcat", "startDate"), typed(d.temporal_start, "date"));
      if (d.temporal_end) add(period, p("dcat", "endDate"), typed(d.temporal_end, "date"));
    }
    for (const r of input.resources.filter((x) => x.dataset_id === d.id)) {
      const dist = namedNode(`${base}/opendata/resources/${r.id}`);
      add(ds, p("dcat", "distribution"), dist);
      add(dist, a, p("dcat", "Distribution"));
      add(dist, p("dcat", "accessURL"), namedNode(`${base}/api/3/action/datastore_search?resource_id=${r.id}`));
      add(dist, p("dcat", "accessService"), service);
      add(dist, p("dct", "title"), literal(r.name, "zh"));
      if (r.description) add(dist, p("dct", "description"), literal(r.description, "zh"));
      add(dist, p("dct", "format"), namedNode(`${EU}file-type/${r.format}`));
      if (r.format === "CSV")
        add(dist, p("dcat", "mediaType"), namedNode("https://www.iana.org/assignments/media-types/text/csv"));
      add(dist, p("dcat", "byteSize"), typed(String(r.size_bytes), "nonNegativeInteger"));
      add(dist, p("dct", "modified"), typed(r.updated_at.toISOString(), "dateTime"));
      const license = LICENSES[d.license_id];
      if (license) add(dist, p("dct", "license"), namedNode(license.url));
      const checksum = blankNode();
      add(dist, p("spdx", "checksum"), checksum);
      add(checksum, a, p("spdx", "Checksum"));
      add(checksum, p("spdx", "algorithm"), p("spdx", "checksumAlgorithm_sha256"));
      add(checksum, p("spdx", "checksumValue"), typed(r.sha256, "hexBinary"));
    }
  }
  return out;
}

export function toTurtle(quads: Quad[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const writer = new Writer({ prefixes: PREFIXES });
    writer.addQuads(quads);
    writer.end((err, result: string) => (err ? reject(err) : resolve(result)));
  });
}

/** JSON-LD in expanded form: one node object per subject, every IRI written out (no context to fetch). */
export function toJsonLd(quads: Quad[]): Record<string, unknown>[] {
  const nodes = new Map<string, Record<string, unknown>>();
  const id = (t: Quad_Subject | Quad_Object) => (t.termType === "BlankNode" ? `_:${t.value}` : t.value);
  const push = (node: Record<string, unknown>, key: string, value: unknown) => {
    const values = (node[key] as unknown[] | undefined) ?? [];
    values.push(value);
    node[key] = values;
  };
  for (const q of quads) {
    const key = id(q.subject);
    const node = nodes.get(key) ?? { "@id": key };
    nodes.set(key, node);
    if (q.predicate.value === `${PREFIXES.rdf}type`) {
      push(node, "@type", q.object.value);
      continue;
    }
    const o = q.object;
    const value =
      o.termType === "Literal"
        ? o.language
          ? { "@value": o.value, "@language": o.language }
          : o.datatype.value === `${PREFIXES.xsd}string`
            ? { "@value": o.value }
            : { "@value": o.value, "@type": o.datatype.value }
        : { "@id": id(o) };
    push(node, q.predicate.value, value);
  }
  return [...nodes.values()];
}
