import { benchLicenses } from "./licenses.js";

console.log((await benchLicenses()).join("\n"));
