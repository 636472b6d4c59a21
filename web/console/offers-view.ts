/**
 * Incoming offers: one card per pending offer with the visitor, the workgroup, the question, a
 * countdown to the offer's expiry (a progress bar and its seconds) and Accept / Reject. Rules:
 * an offer leaves the list when accepted, rejected, revoked or expired; the countdown is updated
 * by `tick` (once a second, by the console) and is not a live region (it would speak every
 * second): the arrival of an offer is announced once instead.
 */
import { h } from '../shared/element-builder.js';
import { type Offer, secondsLeft, visitorName } from './console-model.js';
import { say } from './strings.js';

export interface OfferActions {
  accept(offer: Offer): Promise<void>;
  reject(offer: Offer): Promise<void>;
}

interface Card {
  readonly offer: Offer;
  readonly el: HTMLElement;
  readonly bar: HTMLProgressElement;
  readonly left: HTMLElement;
  readonly total: number;
}

export class OffersView {
  readonly el: HTMLElement;
  private readonly list: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly cards = new Map<string, Card>();

  constructor(private readonly actions: OfferActions) {
    this.list = h('ul', { class: 'offers', 'aria-labelledby': 'offers-title' });
    this.empty = h('p', { class: 'muted' }, say('noOffers'));
    this.el = h('section', { class: 'panel', 'aria-labelledby': 'offers-title', id: 'offers' },
      h('h2', { id: 'offers-title', tabindex: '-1' }, say('offersTitle')), this.empty, this.list);
  }

  has(id: string): boolean {
    return this.cards.has(id);
  }

  add(offer: Offer, now: number): void {
    this.remove(offer.id);
    const total = Math.max(1, secondsLeft(offer.expiresAt, now));
    const name = visitorName(offer.metadata, offer.userId);
    const titleId = `offer-${offer.id}-title`;
    const bar = h('progress', { max: String(total), value: String(total), 'aria-label': say('offerExpires', { s: total }) }) as HTMLProgressElement;
    const left = h('span', { class: 'countdown' }, say('offerExpires', { s: total }));
    const accept = h('button', { type: 'button', class: 'primary', 'aria-describedby': titleId }, say('accept'));
    const reject = h('button', { type: 'button', 'aria-describedby': titleId }, say('reject'));
    const busy = (b: boolean): void => {
      accept.disabled = b;
      reject.disabled = b;
    };
    accept.addEventListener('click', () => {
      busy(true);
      this.actions.accept(offer).finally(() => busy(false));
    });
    reject.addEventListener('click', () => {
      busy(true);
      this.actions.reject(offer).finally(() => busy(false));
    });
    const el = h('li', { class: 'offer', 'data-offer': offer.id, 'aria-labelledby': titleId },
      h('h3', { id: titleId }, say(offer.transfer ? 'transferFrom' : 'offerFrom', { v: name, w: offer.workgroup })),
      offer.metadata.question ? h('p', { class: 'question' }, offer.metadata.question) : null,
      offer.metadata.email ? h('p', { class: 'muted' }, offer.metadata.email) : null,
      h('div', { class: 'countdown-row' }, bar, left),
      h('div', { class: 'actions' }, accept, reject));
    this.cards.set(offer.id, { offer, el, bar, left, total });
    this.list.append(el);
    this.empty.hidden = true;
  }

  remove(id: string): void {
    const c = this.cards.get(id);
    if (!c) return;
    const hadFocus = c.el.contains(document.activeElement);
    c.el.remove();
    this.cards.delete(id);
    this.empty.hidden = this.cards.size > 0;
    if (hadFocus) (this.list.querySelector('button') ?? this.el.querySelector('h2'))?.focus();
  }

  /** Updates the countdowns; drops the offers that expired. */
  tick(now: number): void {
    for (const c of [...this.cards.values()]) {
      const s = secondsLeft(c.offer.expiresAt, now);
      if (Number.isFinite(c.offer.expiresAt) && s <= 0) {
        this.remove(c.offer.id);
        continue;
      }
      c.bar.value = s;
      c.left.textContent = say('offerExpires', { s });
    }
  }
}
