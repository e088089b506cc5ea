// Page objects for sync: the status strip, the history list's per-record state, and the API
// calls a test makes to look at the server's side.
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from './app';

export class SyncStrip {
  constructor(private readonly page: Page) {}

  root() {
    return this.page.getByTestId('sync-status');
  }

  /** Waits until nothing is pending and no run is going (the button is enabled again). */
  async expectAllSent() {
    await expect(this.root().getByRole('status')).toHaveAttribute('data-pending', '0');
    await expect(this.root().getByRole('status')).toContainText('Semua terkirim');
    await expect(this.page.getByTestId('sync-now')).toBeEnabled();
  }

  async expectPending(count: number) {
    await expect(this.root().getByRole('status')).toHaveAttribute('data-pending', String(count));
  }

  async syncNow() {
    await expect(this.page.getByTestId('sync-now')).toBeEnabled();
    await this.page.getByTestId('sync-now').click();
    await expect(this.page.getByTestId('sync-now')).toBeEnabled();
  }
}

export class HistoryList {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto('/riwayat');
    await expect(this.page.getByRole('heading', { name: 'Riwayat skrining' })).toBeVisible();
  }

  items() {
    return this.page.getByTestId('screening-history').locator('li');
  }

  async firstRecordId(): Promise<string> {
    const id = await this.items().first().getAttribute('data-record-id');
    if (!id) throw new Error('no record id on the history item');
    return id;
  }

  item(recordId: string) {
    return this.page.locator(`li[data-record-id="${recordId}"]`);
  }

  async edit(recordId: string) {
    await this.item(recordId).getByRole('link', { name: 'Ubah' }).click();
    await expect(this.page.getByRole('heading', { name: 'Ubah skrining' })).toBeVisible();
  }
}

/** Signs in through the API, as a second party looking at the server's state. */
export async function apiToken(request: APIRequestContext, username: string, password = DEMO_PASSWORD): Promise<string> {
  const reply = await request.post('/api/auth/login', { data: { username, password } });
  expect(reply.ok()).toBeTruthy();
  return (await reply.json()).token;
}

export async function pullAll(request: APIRequestContext, token: string): Promise<any[]> {
  const records: any[] = [];
  let cursor = 0;
  for (;;) {
    const reply = await request.get(`/api/sync/pull?after=${cursor}`, { headers: { Authorization: `Bearer ${token}` } });
    expect(reply.ok()).toBeTruthy();
    const page = await reply.json();
    records.push(...page.records);
    cursor = page.cursor;
    if (!page.more) return records;
  }
}

export async function history(request: APIRequestContext, token: string, recordId: string): Promise<any[]> {
  const reply = await request.get(`/api/records/${recordId}/history`, { headers: { Authorization: `Bearer ${token}` } });
  expect(reply.ok()).toBeTruthy();
  return reply.json();
}

/** The session token the app keeps in IndexedDB, read as the page sees it. */
export async function deviceToken(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('posko');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('session', 'readonly').objectStore('session').get('current');
          request.onerror = () => reject(request.error);
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result.value.token);
          };
        };
      }),
  );
}

/** A screening record in its wire shape, every field stamped `stamp(i)`: what a device holds
 *  or pushes for one screening (for tests that need thousands of them, each of its own
 *  person). Its id is the one its kind declares for the person and day (core's
 *  `screening_id`), which the server checks. */
export function screeningRecord(
  owner: { id: string; agency_id: string; office_id: string },
  date: string,
  recordedAt: number,
  stamp: string
) {
  const f = (v: unknown) => ({ v, s: stamp });
  return {
    id: `screening-${date}-${owner.id}`,
    kind: 'screening',
    agency_id: owner.agency_id,
    office_id: owner.office_id,
    owner_id: owner.id,
    fields: {
      close_contact_14d: f(false), cough: f(false), date: f(date), fever: f(false),
      loss_of_smell_or_taste: f(false), other_symptom: f(null), recorded_at: f(recordedAt),
      rules_version: f('KMK-328-2020'), shortness_of_breath: f(false), sore_throat: f(false),
      temperature_decicelsius: f(365), travel_14d: f(false),
    },
  };
}

