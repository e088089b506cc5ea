// The later modules (src/later.rs): the views an employee does not need to sign in and submit a
// screening are WebAssembly modules per area, fetched after the first screens, each only by a
// role that opens it; a failed fetch is a notice with a retry, never a dead app.
import { expect, test, type Page } from '@playwright/test';
import { ownEmployee } from './pages/activation';
import { LoginPage, ScreeningPage, submitScreening } from './pages/app';

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

  test("signing in and screening fetch no later module; the home fetches its area once today's screening is saved", async ({ page, request }) => {
    // Not screened today, here or on any other phone.
    const me = await ownEmployee(request, 'demo-person-015');
    const fetched = pageRequests(page);
    const login = new LoginPage(page);
    await login.goto();
    expect(fetched.filter((url) => ANY_AREA.test(url))).toEqual([]);

    await login.login(me.username, me.password);
    await expect(page.getByRole('heading', { name: /^Halo, / })).toBeVisible();
    // Before today's screening the home shows it alone and says what follows it (issue #19,
    // item 10: the screening goes out first on a weak link).
    await expect(page.getByTestId('after-screening')).toBeVisible();
    await page.getByRole('link', { name: 'Isi skrining hari ini' }).click();
    const screening = new ScreeningPage(page);
    await screening.fill({ temperature: '36.6' });
    expect(fetched.filter((url) => ANY_AREA.test(url))).toEqual([]);
    await screening.submit();
    await expect(screening.result()).toBeVisible();

    // The recent screenings are a later view: their list shows once the module is here.
    await page.locator('a.brand').click();
    await expect(page.getByTestId('screening-history').getByRole('listitem').first()).toBeVisible();
    await expect(page.getByTestId('after-screening')).toHaveCount(0);
    expect(fetched.filter((url) => LATER.test(url))).toHaveLength(1);
    // The home views' words once, however many views of the home ask for them, and not the
    // other areas' words (i18n::Words).
    expect(fetched.filter((url) => url.endsWith('/lang/home-id.json'))).toHaveLength(1);
    expect(fetched.filter((url) => url.endsWith('/lang/later-id.json'))).toEqual([]);

    // An employee's day never fetches the Crisis Center's or the monitor's screens.
    await page.getByRole('link', { name: 'Riwayat skrining' }).first().click();
    await expect(page.getByTestId('screening-history').getByRole('listitem').first()).toBeVisible();
    expect(fetched.filter((url) => OTHER_AREAS.test(url))).toEqual([]);
  });

  test('a later module that cannot be fetched is a notice with a retry, and the app keeps working', async ({ page, request }) => {
    const me = await ownEmployee(request, 'demo-person-014');
    await page.route(LATER, (route) => route.abort('internetdisconnected'));
    const login = new LoginPage(page);
    await login.goto();
    await login.login(me.username, me.password);
    // The rest of the app still runs: a screening is saved, and the home says once what it
    // lacks, with a number to call all the same.
    await submitScreening(page, '36.6');
    await page.locator('a.brand').click();
    const notice = page.getByRole('alert').filter({ hasText: 'Layar ini belum tersimpan di perangkat.' });
    await expect(notice).toHaveCount(1);
    await expect(page.getByRole('link', { name: /119/ })).toBeVisible();
    await page.goto('/riwayat');
    await expect(notice).toBeVisible();

    // Once the module can be fetched, "Coba lagi" shows the view.
    await page.unroute(LATER);
    await notice.getByRole('button', { name: 'Coba lagi' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Riwayat skrining' })).toBeVisible();
    await expect(page.getByTestId('screening-history').getByRole('listitem').first()).toBeVisible();
    await expect(notice).toHaveCount(0);
  });
});
