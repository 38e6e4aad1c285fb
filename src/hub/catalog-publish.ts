import { TillpointError } from '../core/errors.js';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { categoryDto, currencyCode, minorUnits, productDto, taxRateDto } from '../shared/dto.js';
import type { CatalogChange } from '../shared/hub-api.js';
import { canonicalJson } from './hub-crypto.js';
import type { HubStore, NewCatalogChange } from './hub-store.js';

/**
 * `tillpoint hub publish FILE`: what an operator may publish, checked whole before anything is written.
 * Stricter than the wire shapes (catalogChange): unknown keys are refused rather than dropped (a typo in a
 * field name must not publish a product without it), ids are not empty, prices are not negative (the
 * terminal's CHECK would refuse them and stall its pull on that change).
 */

export type PublishErrorCode =
  /** the file cannot be read */
  | 'hub.publish_unreadable'
  | 'hub.publish_bad_json'
  /** the JSON is not a list of changes nor a catalog file, or a value in it is wrong */
  | 'hub.publish_invalid'
  | 'hub.publish_empty';

export class PublishError extends TillpointError {
  constructor(
    override readonly code: PublishErrorCode,
    message: string,
    details?: unknown,
  ) {
    super(code, message, details);
  }
}

/** One change's payload as JSON; more is refused, so a page of changes stays a size a terminal can take. */
export const maxChangeBytes = 65_536;

const id = z.string().min(1).max(200);
const price = minorUnits.refine((n) => n >= 0, 'a price is never negative');
/** a second name is absent or null, never empty (a tile would show a blank line under the name) */
const altName = z.string().min(1).nullable().optional();
const category = categoryDto.extend({ id, name: z.string().min(1), altName }).strict();
const taxRate = taxRateDto.extend({ id, name: z.string().min(1) }).strict();
const product = productDto
  .extend({
    id,
    sku: z.string().min(1).max(100),
    name: z.string().min(1),
    altName,
    barcode: z.string().min(1).max(64).nullable(),
    categoryId: id,
    taxRateId: id,
    price: z.strictObject({ amount: price, currency: currencyCode }),
  })
  .strict();

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A change as published: catalogChange without its seq, which the hub gives. */
export type PublishedChange = DistributiveOmit<CatalogChange, 'seq'>;

const change = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('product.upsert'), payload: product }),
  z.strictObject({ kind: z.literal('product.remove'), payload: z.strictObject({ id }) }),
  z.strictObject({ kind: z.literal('category.upsert'), payload: category }),
  z.strictObject({ kind: z.literal('taxRate.upsert'), payload: taxRate }),
  z.strictObject({
    kind: z.literal('config.set'),
    payload: z.strictObject({
      key: z.string().min(1).max(100),
      value: z.json({ error: 'a JSON value (null, true/false, a number, a string, a list or an object)' }),
    }),
  }),
]);

/** The shape of assets/demo-catalog.json: prices are minor units of `currency`; `locale` is not published. */
const catalogFile = z
  .strictObject({
    currency: currencyCode,
    locale: z.string().optional(),
    taxRates: z.array(taxRate),
    categories: z.array(category),
    products: z.array(product.extend({ price }).strict()),
  })
  .superRefine((file, ctx) => {
    const unique = <T>(list: readonly T[], where: string, field: keyof T & string) => {
      const seen = new Set<unknown>();
      list.forEach((item, i) => {
        const v = item[field];
        if (v === null) return;
        if (seen.has(v)) {
          ctx.addIssue({ code: 'custom', path: [where, i, field], message: `"${String(v)}" appears twice` });
        }
        seen.add(v);
      });
    };
    unique(file.taxRates, 'taxRates', 'id');
    unique(file.categories, 'categories', 'id');
    unique(file.products, 'products', 'id');
    // the terminal keeps SKUs and barcodes unique
    unique(file.products, 'products', 'sku');
    unique(file.products, 'products', 'barcode');
    // the file is a whole catalog: what its products refer to must be in it (terminals apply in seq order)
    const categories = new Set(file.categories.map((c) => c.id));
    const rates = new Set(file.taxRates.map((t) => t.id));
    file.products.forEach((p, i) => {
      if (!categories.has(p.categoryId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['products', i, 'categoryId'],
          message: `no category "${p.categoryId}"`,
        });
      }
      if (!rates.has(p.taxRateId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['products', i, 'taxRateId'],
          message: `no tax rate "${p.taxRateId}"`,
        });
      }
    });
  });

/** `products[3].price`: where in the file, as an operator reads it. */
const pathText = (path: readonly PropertyKey[]) =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('') ||
  'the top';

function invalid(file: string, error: z.ZodError): PublishError {
  const issues = error.issues.slice(0, 20).map((i) => ({ path: pathText(i.path), message: i.message }));
  const [first] = issues;
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return new PublishError(
    'hub.publish_invalid',
    `${file} is not valid; nothing was published. ${first?.path ?? 'the top'}: ${first?.message ?? 'invalid'}${more}`,
    { issues },
  );
}

/** The changes a catalog file stands for: tax rates and categories before the products that use them. */
function catalogChanges(catalog: z.infer<typeof catalogFile>): PublishedChange[] {
  return [
    ...catalog.taxRates.map((payload) => ({ kind: 'taxRate.upsert' as const, payload })),
    ...catalog.categories.map((payload) => ({ kind: 'category.upsert' as const, payload })),
    ...catalog.products.map((p) => ({
      kind: 'product.upsert' as const,
      payload: { ...p, price: { amount: p.price, currency: catalog.currency } },
    })),
  ];
}

/**
 * Checks the JSON text of a publish file: a list of `{kind, payload}` changes, or a catalog file. Answers
 * the changes to store (payloads as canonical JSON) or throws a PublishError naming the first problem.
 */
export function parsePublishFile(text: string, file: string): NewCatalogChange[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PublishError('hub.publish_bad_json', `${file} is not JSON: ${(error as Error).message}`);
  }
  let changes: PublishedChange[];
  if (Array.isArray(json)) {
    const parsed = z.array(change).safeParse(json);
    if (!parsed.success) throw invalid(file, parsed.error);
    changes = parsed.data satisfies PublishedChange[];
  } else {
    const parsed = catalogFile.safeParse(json);
    if (!parsed.success) throw invalid(file, parsed.error);
    changes = catalogChanges(parsed.data);
  }
  if (changes.length === 0) {
    throw new PublishError('hub.publish_empty', `${file} holds no changes; nothing was published.`);
  }
  return changes.map((c, i) => {
    const payload = canonicalJson(c.payload);
    if (Buffer.byteLength(payload) > maxChangeBytes) {
      throw new PublishError(
        'hub.publish_invalid',
        `${file} is not valid; nothing was published. Change ${i + 1} (${c.kind}) is larger than ${maxChangeBytes} bytes.`,
      );
    }
    return { kind: c.kind, payload };
  });
}

/** Reads and checks FILE (see parsePublishFile). */
export function readPublishFile(file: string): NewCatalogChange[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PublishError(
      'hub.publish_unreadable',
      code === 'ENOENT' ? `There is no file ${file}.` : `Cannot read ${file}: ${(error as Error).message}`,
    );
  }
  return parsePublishFile(text, file);
}

/** Publishes checked changes in one transaction; answers how many and the cursor just after them. */
export async function publishChanges(
  store: HubStore,
  changes: readonly NewCatalogChange[],
  now: Date = new Date(),
): Promise<{ published: number; cursor: string }> {
  const outcome = await store.publishCatalog(changes, randomUUID(), now);
  return { published: outcome.published, cursor: String(outcome.lastSeq) };
}
