/** The DCAT-AP export of every published (not closed) dataset. */
import type { OpendataDeps } from "./context.js";
import { catalogueQuads, toJsonLd, toTurtle } from "./dcat.js";

export class CatalogueService {
  constructor(private readonly deps: OpendataDeps) {}

  async quads() {
    const { repo, publicUrl } = this.deps;
    const [datasets, departments] = await Promise.all([repo.allPublished(), this.deps.departments()]);
    const resources = await repo.resourcesOf(datasets.map((d) => d.id));
    const publisher = [...departments.values()].find((d) => d.key === "platform");
    return catalogueQuads({ publicUrl, publisher, datasets, resources, departments });
  }

  async turtle() {
    return toTurtle(await this.quads());
  }

  async jsonLd() {
    return toJsonLd(await this.quads());
  }
}
