// The later modules (src/later.rs): the views an employee does not need to sign in and submit a
// screening are WebAssembly modules per area, fetched after the first screens, each only by a
// role that opens it; a failed fetch is a notice with a retry, never a dead app.
import { expect, test, type Page } from '@playwright/test';
import { LoginPage, submitScreening } from './pages/app';

const LATER = /\/split_home-[0-9a-f]+\.wasm$/;
const ANY_AREA = /\/(split_\w+|chunk_\d+)-[0-9a-f]+\.wasm$/;
const OTHER_AREAS = /\/split_(center|monitoring)-[0-9a-f]+\.wasm$/;

/** The URLs the page itself fetched (the service worker's own precaching is not the page's). */
function pageRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  return urls;
}

test.describe('without a service worker, as on a first visit', () => {
  test.use({ serviceWorkers: 'block' });

  test('signing in fetches no later module; the home screen fetches it after', async ({ page }) => {
    const fetched = pageRequests(page);
    const login = new LoginPage(page);
    await login.goto();
    expect(fetched.filter((url) => ANY_AREA.test(url))).toEqual([]);

    await login.login('pegawai');
    await expect(page.getByRole('heading', { name: /^Halo, / })).toBeVisible();
    // The recent screenings are a later view: their list (or its empty line) shows once it is here.
    const recent = page.getByTestId('screening-history').or(page.getByText('Belum ada skrining.', { exact: true }));
    await expect(recent).toBeVisible();
    expect(fetched.filter((url) => LATER.test(url))).toHaveLength(1);
    // The home views' words once, however many views of the home ask for them, and not the
    // other areas' words (i18n::Words).
    expect(fetched.filter((url) => url.endsWith('/lang/home-id.json'))).toHaveLength(1);
    expect(fetched.filter((url) => url.endsWith('/lang/later-id.json'))).toEqual([]);

    // An employee's day never fetches the Crisis Center's or the monitor's screens.
    await submitScreening(page, '36.6');
    await page.getByRole('link', { name: 'Riwayat skrining' }).first().click();
    await expect(page.getByTestId('screening-history').getByRole('listitem').first()).toBeVisible();
    expect(fetched.filter((url) => OTHER_AREAS.test(url))).toEqual([]);
  });

  test('a later module that cannot be fetched is a notice with a retry, and the app keeps working', async ({ page }) => {
    await page.route(LATER, (route) => route.abort('internetdisconnected'));
    const login = new LoginPage(page);
    await login.goto();
    await login.login('pegawai');
    const notice = page.getByRole('alert').filter({ hasText: 'Layar ini belum tersimpan di perangkat.' });
    await expect(notice).toBeVisible();

    // The rest of the app still runs: a screening is saved.
    await submitScreening(page, '36.6');
    await page.getByRole('link', { name: 'Riwayat skrining' }).first().click();
    await expect(notice).toBeVisible();

    // Once the module can be fetched, "Coba lagi" shows the view.
    await page.unroute(LATER);
    await notice.getByRole('button', { name: 'Coba lagi' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Riwayat skrining' })).toBeVisible();
    await expect(page.getByTestId('screening-history').getByRole('listitem').first()).toBeVisible();
    await expect(notice).toHaveCount(0);
  });
});
