/**
 * The widget's page settings and launcher state: form validation (allowed names, the fields
 * POST ask and the offline form need, bounds, 400s naming the field), defaults, changes that
 * keep what they leave out, and the launcher state computed from a workgroup's state.
 */
import assert from 'node:assert/strict';
import { isGatewayError } from '../../../gateway/errors/index.js';
import { launcherState } from '../../../gateway/fastpath/launcher-state.js';
import { newWorkgroup, step } from '../../../gateway/fastpath/machine/index.js';
import { createPageSettings, DEFAULT_FORM, DEFAULT_OFFLINE_FORM, EMPTY_PAGE, MAX_FIELDS, pageChange } from '../../../gateway/fastpath/page-settings.js';
import type { WorkgroupRecord } from '../../../gateway/fastpath/index.js';
import { createMemoryStore } from '../../../gateway/store/index.js';

function refusedNaming(fn: () => unknown, resource: string): void {
  assert.throws(fn, (e: unknown) => isGatewayError(e) && e.status === 400 && e.resource === resource);
}

describe('fastpath page settings', () => {
  describe('pageChange', () => {
    it('when a form is valid, then its fields are kept in order, email and question forced required, types defaulted', () => {
      const c = pageChange({ form: [{ name: 'email' }, { name: 'question', type: 'textarea', label: 'Your question' }, { name: 'company', required: true }, { name: 'name', required: false }] });
      assert.deepEqual(c.form, [
        { name: 'email', type: 'email', required: true },
        { name: 'question', label: 'Your question', type: 'textarea', required: true },
        { name: 'company', type: 'text', required: true },
        { name: 'name', type: 'text', required: false },
      ]);
      assert.equal('title' in c, false);
      assert.equal('offlineForm' in c, false);
    });

    it('when the pre-chat form lacks question, or the offline form lacks message, then 400 naming the form', () => {
      refusedNaming(() => pageChange({ form: [{ name: 'email' }] }), 'form');
      refusedNaming(() => pageChange({ offlineForm: [{ name: 'email' }, { name: 'name' }] }), 'offlineForm');
    });

    it('when a field is unknown, twice, of a bad type or with a long label, then 400 naming that field', () => {
      refusedNaming(() => pageChange({ form: [{ name: 'email' }, { name: 'question' }, { name: 'password' }] }), 'form[2].name');
      refusedNaming(() => pageChange({ offlineForm: [{ name: 'email' }, { name: 'email' }, { name: 'message' }] }), 'offlineForm[1].name');
      refusedNaming(() => pageChange({ form: [{ name: 'email', type: 'select' }, { name: 'question' }] }), 'form[0].type');
      refusedNaming(() => pageChange({ form: [{ name: 'email', label: 'x'.repeat(101) }, { name: 'question' }] }), 'form[0].label');
      refusedNaming(() => pageChange({ form: Array.from({ length: MAX_FIELDS + 1 }, () => ({ name: 'email' })) }), 'form');
      refusedNaming(() => pageChange({ title: 'x'.repeat(201) }), 'title');
    });

    it('when a form is an empty list, then it goes back to the default', () => {
      assert.deepEqual(pageChange({ form: [], title: '  Help  ' }), { form: [], title: 'Help' });
    });
  });

  describe('the store', () => {
    it('when changed twice, then the second change keeps what it left out; a workgroup never set reads empty', async () => {
      const pages = createPageSettings(createMemoryStore());
      assert.deepEqual(await pages.get('sales'), EMPTY_PAGE);
      await pages.change('sales', pageChange({ title: 'Sales', offlineForm: [{ name: 'email' }, { name: 'message' }] }));
      const after = await pages.change('sales', pageChange({ title: 'Sales desk' }));
      assert.equal(after.title, 'Sales desk');
      assert.deepEqual(after.offlineForm.map((f) => f.name), ['email', 'message']);
      assert.deepEqual(await pages.get('sales'), after);
      assert.deepEqual(await pages.get('other'), EMPTY_PAGE);
    });
  });

  describe('launcherState', () => {
    const now = Date.UTC(2026, 0, 5, 12); // a Monday, noon UTC
    const record = (description: string, settings = {}): WorkgroupRecord => ({ description, state: newWorkgroup('sales', settings, ['ann', 'bob']) });

    it('when open with one available agent and two waiting, then it says so with the wait of a third, the description as title and the default forms', () => {
      let state = step(record('Sales team').state, { type: 'agentAvailable', agent: 'ann' }, now).state;
      for (const id of ['r1', 'r2']) {
        state = step(state, { type: 'join', requestId: id, userId: id, visitor: `${id}@x`, metadata: { question: 'q' }, priority: 0, agent: null }, now).state;
      }
      const s = launcherState({ description: 'Sales team', state }, EMPTY_PAGE, now);
      assert.equal(s.open, true);
      assert.equal(s.agentsAvailable, 1);
      assert.equal(s.queueLength, 2);
      assert.ok(s.estimatedWait > 0);
      assert.equal(s.nextOpening, null);
      assert.equal(s.title, 'Sales team');
      assert.deepEqual(s.form, DEFAULT_FORM);
      assert.deepEqual(s.offlineForm, DEFAULT_OFFLINE_FORM);
    });

    it('when closed by business hours, then open is false with the next opening; a page title wins over the description', () => {
      const hours = { timeZone: 'UTC', weekly: [{ day: 2, from: '09:00', to: '17:00' }], holidays: [] };
      const s = launcherState(record('', { businessHours: hours }), { ...EMPTY_PAGE, title: 'Help' }, now);
      assert.equal(s.open, false);
      assert.equal(s.nextOpening, Date.UTC(2026, 0, 6, 9));
      assert.equal(s.title, 'Help');
      assert.equal(launcherState(record(''), EMPTY_PAGE, now).title, 'sales');
    });
  });
});
