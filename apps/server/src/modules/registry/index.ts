/** Demo population and business registries (人口库、法人库); see service.ts. */
export { type RegisteredBusiness, type RegisteredPerson, RegistryService, reencryptRegistries } from "./service.js";
