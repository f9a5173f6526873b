import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { openApiDocument } from '../generated/openapi-document.generated.js';

const DOCUMENT_ID = 'urn:usesync:swisssign-ra-api';

/**
 * OpenAPI 3.0 habits inside this 3.1 file: `nullable: true` means "or null", and local `$ref`s
 * point into the document. Rewrite both so a JSON Schema 2020-12 validator reads them as meant.
 */
function adapt(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(adapt);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/'))
      out[key] = `${DOCUMENT_ID}${value}`;
    else out[key] = adapt(value);
  }
  if (out.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  if (out.nullable === true && Array.isArray(out.enum)) out.enum = [...out.enum, null];
  return out;
}

/** Validates request bodies against the request schemas of the OpenAPI document. */
export class RequestValidator {
  readonly #ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  readonly #cache = new Map<string, ValidateFunction>();
  readonly #paths: Record<string, unknown>;

  constructor() {
    const { components, paths } = openApiDocument as { components: unknown; paths: Record<string, unknown> };
    this.#ajv.addSchema({ $id: DOCUMENT_ID, components: adapt(components) });
    this.#paths = paths;
  }

  /**
   * Problems of `body` against the schema of `POST path` for `contentType` (empty when valid).
   * `path` is the OpenAPI template, e.g. `/v2/order/{orderReference}`.
   */
  check(path: string, contentType: string, body: unknown): string[] {
    const validate = this.#validator(path, contentType);
    if (validate(body)) return [];
    return (validate.errors ?? []).map(describe);
  }

  #validator(path: string, contentType: string): ValidateFunction {
    const key = `${path} ${contentType}`;
    let validate = this.#cache.get(key);
    if (!validate) {
      const operation = (
        this.#paths[path] as { post?: { requestBody?: { content?: Record<string, { schema?: unknown }> } } }
      )?.post;
      const schema = operation?.requestBody?.content?.[contentType]?.schema;
      if (schema === undefined)
        throw new Error(`Cannot validate ${key}: no such request body in the OpenAPI document`);
      validate = this.#ajv.compile(adapt(schema) as object);
      this.#cache.set(key, validate);
    }
    return validate;
  }
}

function describe(error: ErrorObject): string {
  return `${error.instancePath || '(body)'} ${error.message ?? 'is invalid'}`;
}
