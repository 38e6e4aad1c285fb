/**
 * Staff roles and what each may do. A method of the contract names the permission it needs (most need
 * none); a role holds a fixed set of them. Kept as one table so the README and a test can print it.
 */
export const staffRoles = ['cashier', 'supervisor', 'manager'] as const;
export type StaffRole = (typeof staffRoles)[number];

export const permissions = [
  /** void an open ticket */
  'sale.void',
  /** a line or ticket discount over the till's limit (staff.json largeDiscountBps) */
  'discount.large',
  /** sell at another price than the catalog's */
  'price.override',
  /** refund a completed sale */
  'refund',
  /** open the drawer without a sale */
  'drawer.noSale',
  /** cash put in or taken out of the drawer */
  'cash.inOut',
  'shift.close',
  /** put value on a stored-value card */
  'card.topUp',
  /** settle a parked sync entry by hand */
  'sync.resolve',
  /** leave kiosk mode, clear a kiosk's help request */
  'kiosk.admin',
  /** add and remove staff */
  'staff.manage',
  /** read the journal (approvals, lockouts) */
  'journal.read',
  /** move a till enrolled with one hub to another (its sales and catalog would go elsewhere) */
  'hub.repoint',
] as const;
export type Permission = (typeof permissions)[number];

const supervisor: readonly Permission[] = [
  'sale.void',
  'discount.large',
  'price.override',
  'drawer.noSale',
  'cash.inOut',
  'card.topUp',
  'kiosk.admin',
  'journal.read',
];

/** Roles to permissions: a cashier sells and takes payments; anything that moves money back needs more. */
export const rolePermissions: Readonly<Record<StaffRole, readonly Permission[]>> = {
  cashier: [],
  supervisor,
  manager: permissions,
};

export const isStaffRole = (value: unknown): value is StaffRole =>
  typeof value === 'string' && (staffRoles as readonly string[]).includes(value);
export const isPermission = (value: unknown): value is Permission =>
  typeof value === 'string' && (permissions as readonly string[]).includes(value);

export const roleHas = (role: StaffRole, permission: Permission): boolean =>
  rolePermissions[role].includes(permission);

/** A staff PIN: 4 to 6 digits (what a shop's PIN pad takes; the kiosk's own PIN allows up to 8). */
export const staffPinPattern = /^\d{4,6}$/;

/** The discount share above which `discount.large` is needed: 20 % unless staff.json says otherwise. */
export const defaultLargeDiscountBps = 2_000;

/** A discount's share of what it applies to, in basis points (rounded up, so 20.01 % counts as over 20 %). */
export function discountShareBps(discount: number, of: number): number {
  if (of <= 0) return 10_000;
  return Math.ceil((discount * 10_000) / of);
}
