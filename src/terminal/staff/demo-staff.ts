import type { StaffService } from './staff-service.js';

/** The demo staff's PINs (README "Staff and permissions"): public, for demos only. */
export const DEMO_MANAGER_PIN = '1111';
export const DEMO_CASHIER_PIN = '2222';

/**
 * The desktop app's TILLPOINT_DEMO_STAFF=1 (serve's --demo-staff does the same): a till without staff gets
 * Demo Manager and Demo Cashier. Answers whether it added them; a till with staff is left as it is.
 */
export async function addDemoStaff(staff: Pick<StaffService, 'enabled' | 'add'>): Promise<boolean> {
  if (staff.enabled()) return false;
  await staff.add({ name: 'Demo Manager', role: 'manager', pin: DEMO_MANAGER_PIN });
  await staff.add({ name: 'Demo Cashier', role: 'cashier', pin: DEMO_CASHIER_PIN });
  return true;
}
