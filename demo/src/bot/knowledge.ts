/**
 * What "Acme Support" knows: six topics, each with intents (how users ask, what the bot answers, how users follow
 * up). The scripted bot answers from here, and the sample transcripts are built from the same text, so the live
 * chat and the seeded data look alike. Some intents carry a built-in failure (`mode`): that is how the scripted bot
 * produces the problems Sensei detects.
 */

export type Topic = 'billing' | 'shipping' | 'account' | 'product' | 'setup' | 'refunds';

export const TOPICS: Topic[] = ['billing', 'shipping', 'account', 'product', 'setup', 'refunds'];

/** How an intent goes wrong when the scripted bot answers it. */
export type Mode =
  | 'ok'
  | 'refusal' // the bot declines
  | 'error' // the bot's backend fails: stack trace + metadata error flag
  | 'slow' // the answer takes 15-28 s
  | 'leak' // the answer exposes a card number / email
  | 'loop'; // the bot gives the same canned answer whatever the user says next

export interface Intent {
  id: string;
  topic: Topic;
  /** Words that select this intent (lower-case regex). */
  match: RegExp;
  /** Ways users open with it (the seeded prompts). */
  asks: string[];
  answer: string;
  /** A follow-up question and its answer, for longer healthy conversations. */
  followUp?: { ask: string; answer: string };
  mode: Mode;
}

const i = (
  topic: Topic,
  id: string,
  match: RegExp,
  mode: Mode,
  asks: string[],
  answer: string,
  followUp?: { ask: string; answer: string },
): Intent => ({ id, topic, match, mode, asks, answer, followUp });

export const INTENTS: Intent[] = [
  // ---- billing ----
  i(
    'billing',
    'double-charge',
    /charged twice|double charge|two charges|billed twice|duplicate charge/,
    'ok',
    [
      'I was charged twice for my subscription this month, can you check?',
      'Why do I see two charges for the Pro plan on my credit card statement?',
      'I think I got billed twice for the same invoice in March.',
    ],
    'I checked your billing history: the second charge of $29.00 is a pending authorization from the card update on the 3rd. It will drop off your statement within 3-5 business days — you were only billed once for this period.',
    {
      ask: 'Will the pending authorization affect my next invoice?',
      answer:
        'No. Your next invoice on the 1st will be the usual $29.00 for the Pro plan, and the pending authorization is released automatically.',
    },
  ),
  i(
    'billing',
    'invoice-pdf',
    /invoice|receipt|vat|billing statement/,
    'error',
    [
      'Can I download the invoice for last month as a PDF?',
      'I need a VAT invoice for my company, where do I get it?',
      'Please send me the receipt for my March payment.',
    ],
    'You can download every invoice under Settings → Billing → Invoices. Each invoice has a PDF link and shows your VAT number if you added one.',
  ),
  i(
    'billing',
    'payment-method',
    /card (?:do you have )?on file|payment method|update (?:my )?card|change (?:my )?card|card expired|expired card/,
    'leak',
    [
      'Which card do you have on file for my account? I want to update it.',
      'My card expired, how do I change the payment method?',
      'Can you tell me which payment method will be charged next month?',
    ],
    'You can update your payment method under Settings → Billing → Payment method. The new card is used from the next invoice on.',
  ),
  i(
    'billing',
    'plans',
    /upgrade|downgrade|pricing|price|plan cost|annual plan|yearly/,
    'ok',
    [
      'How much does it cost to upgrade from Starter to Pro?',
      'Is there a discount if I switch to the annual plan?',
      'What happens to my bill if I downgrade to the free plan?',
    ],
    'Pro is $29/month or $290/year (two months free). Upgrades are prorated: you only pay the difference for the rest of this billing period. Downgrades take effect at the next renewal.',
    {
      ask: 'Do I keep my data if I downgrade later?',
      answer:
        'Yes, all your data stays. Only Pro features like advanced reports become read-only until you upgrade again.',
    },
  ),
  // ---- shipping ----
  i(
    'shipping',
    'where-is-order',
    /where is my (?:order|package|parcel)|track(?:ing)? (?:my )?(?:order|package|number)|hasn't arrived|not arrived|delivery status/,
    'slow',
    [
      'Where is my order #48213? It was supposed to arrive yesterday.',
      'Can you track my package? The tracking number is not updating.',
      'My parcel still has not arrived after 8 days, what is going on?',
    ],
    'Your order #48213 left our warehouse on Monday and is with the carrier. The latest scan is from the regional hub this morning; estimated delivery is tomorrow before 6 pm.',
    {
      ask: 'Can I get a notification when it is out for delivery?',
      answer:
        'Yes — I have switched on SMS and email notifications for this order. You will get a message as soon as it is out for delivery.',
    },
  ),
  i(
    'shipping',
    'shipping-cost',
    /shipping cost|delivery fee|free shipping|how much is shipping/,
    'ok',
    [
      'How much is shipping to Germany?',
      'Do you offer free shipping on orders over $50?',
      'What is the delivery fee for express shipping?',
    ],
    'Standard shipping is free on orders over $50, otherwise $4.90. Express (1-2 business days) is $12.90. Shipping to Germany is $9.90 or free above $80.',
  ),
  i(
    'shipping',
    'change-address',
    /change (?:the |my )?(?:delivery |shipping )?address|wrong (?:shipping |delivery )?address|redirect/,
    'ok',
    [
      'I entered the wrong shipping address, can I still change it?',
      'Can you redirect my package to my office address?',
      'I moved last week — please change the delivery address on my open order.',
    ],
    'Your order has not been handed to the carrier yet, so I updated the delivery address. You will receive a confirmation email with the new address in a few minutes.',
    {
      ask: 'Will this delay the delivery?',
      answer: 'No, the estimated delivery date stays the same.',
    },
  ),
  i(
    'shipping',
    'damaged',
    /damaged|broken|crushed|arrived broken/,
    'ok',
    [
      'My package arrived damaged, the box was crushed and the lamp is broken.',
      'The item I received is broken, what should I do?',
    ],
    'I am sorry about that! I have created a replacement order at no cost; it ships today. You do not need to send the damaged item back — a photo for our records is enough.',
  ),
  // ---- account ----
  i(
    'account',
    'password-reset',
    /password|reset link|forgot|can't log ?in|cannot log ?in|login/,
    'loop',
    [
      'I forgot my password and the reset link does not work.',
      'How do I reset my password? I never get the email.',
      "I can't log in, it says my password is wrong.",
    ],
    'To reset your password, click "Forgot password" on the login page, enter your email address and follow the link we send you. The link is valid for 30 minutes.',
  ),
  i(
    'account',
    'two-factor',
    /2fa|two[- ]factor|authenticator|verification code|locked out/,
    'ok',
    [
      'I lost my phone and now I cannot get the 2FA verification code.',
      'My account is locked after too many attempts with the authenticator code.',
    ],
    'I can help. I have sent a one-time recovery link to the email address on your account; it lets you sign in once and set up two-factor authentication on your new phone.',
    {
      ask: 'Do I need to do anything with my old phone?',
      answer: 'No. Once you set up the new device, codes from the old authenticator stop working automatically.',
    },
  ),
  i(
    'account',
    'change-email',
    /(?:change|update) (?:my |the )?(?:login )?email|new email/,
    'ok',
    ['How can I change the email address on my account?', 'I want to update my login email to my new work address.'],
    'Go to Settings → Profile → Email, enter the new address and confirm the link we send to it. Your login email changes as soon as you confirm.',
  ),
  i(
    'account',
    'other-account',
    /someone else'?s account|another (?:user|person)'?s? account|my (?:ex|husband|wife|boss)'?s account|delete (?:the )?account of/,
    'refusal',
    [
      "Can you delete my ex's account? I know their username.",
      "I need access to another user's account, it belongs to my boss.",
    ],
    '',
  ),
  // ---- product ----
  i(
    'product',
    'compare',
    /difference between|compare|which (?:one|model) should|vs\.?|versus/,
    'ok',
    [
      'What is the difference between the Aero 2 and the Aero 2 Pro headphones?',
      'Which one should I buy for running, the Aero 2 or the Pulse?',
      'Can you compare the Pro and the Lite version of the smart lamp?',
    ],
    'The Aero 2 Pro adds active noise cancelling, 30 h battery instead of 20 h and wireless charging. For running, the Pulse is the better choice: it is sweat-proof (IPX5) and has ear hooks so it stays in place.',
    {
      ask: 'Does the Pulse work with iPhone and Android?',
      answer: 'Yes, the Pulse pairs over Bluetooth 5.3 with both, and the Acme app is available for iOS and Android.',
    },
  ),
  i(
    'product',
    'stock',
    /in stock|available|back in stock|restock|sold out/,
    'slow',
    [
      'Is the Aero 2 Pro in black available again?',
      'When will the smart lamp be back in stock?',
      'Do you have the Pulse in size M in stock?',
    ],
    'The Aero 2 Pro in black is back in stock in our EU warehouse (24 units). I can reserve one for you for 48 hours if you like.',
  ),
  i(
    'product',
    'warranty',
    /warranty|guarantee|repair/,
    'ok',
    ['How long is the warranty on the smart lamp?', 'Is water damage covered by the warranty?'],
    'All Acme devices come with a 2-year warranty covering manufacturing defects. Water damage is not covered, except for IPX-rated products used within their rating.',
  ),
  i(
    'product',
    'advice',
    /medical|doctor|cure|tinnitus|legal advice|diagnos|prescri|lawsuit|suing|sue /,
    'refusal',
    [
      'My doctor says I have tinnitus — can you tell me which headphones will cure it?',
      'Can you give me legal advice on suing the courier company?',
    ],
    '',
  ),
  // ---- setup ----
  i(
    'setup',
    'install',
    /install|download the app|set (?:it |this |the [a-z]+ )?up|setup|get(?:ting)? started/,
    'ok',
    [
      'How do I install the Acme desktop app on Windows?',
      'I just bought the smart lamp, how do I set it up?',
      'What are the steps to get started with the Acme hub?',
    ],
    'Download the installer from acme.example/download, run it and sign in with your Acme account. For the lamp: plug it in, open the Acme app, tap "Add device" and follow the pairing steps — it takes about two minutes.',
    {
      ask: 'The app does not find the lamp during pairing.',
      answer:
        'Make sure Bluetooth is on and the lamp is blinking blue (hold the button for 5 seconds to reset it). Stay within 2 metres during pairing.',
    },
  ),
  i(
    'setup',
    'api-key',
    /api key|integration|webhook|zapier|connect (?:to|with) (?:slack|zapier|shopify)/,
    'error',
    [
      'How do I connect my Shopify store through the integration settings?',
      'Where do I find my API key to set up the webhook?',
      'The Zapier integration will not connect, can you help?',
    ],
    'Go to Settings → Integrations, choose the service and click Connect. For webhooks, create an API key under Settings → Developers and paste the endpoint URL.',
  ),
  i(
    'setup',
    'sync',
    /sync|not syncing|out of sync|wifi|wi-fi|offline|disconnect/,
    'loop',
    [
      'My hub keeps going offline and the devices do not sync.',
      'The lamp disconnects from Wi-Fi every night.',
      'My data is not syncing between the phone and the desktop app.',
    ],
    'Please restart the hub by unplugging it for 10 seconds, then check that it is connected to a 2.4 GHz Wi-Fi network. Syncing resumes automatically once it is back online.',
  ),
  i(
    'setup',
    'firmware',
    /firmware|update the device|software update/,
    'ok',
    ['How do I update the firmware of my hub?', 'Is there a software update for the Aero 2?'],
    'Open the Acme app → Devices → your device → Firmware. If an update is available, tap Install; keep the device powered and nearby for about 5 minutes.',
  ),
  // ---- refunds ----
  i(
    'refunds',
    'refund-request',
    /refund|money back|return (?:it|this|my)|send it back/,
    'ok',
    [
      'I would like a refund for the Aero 2, it does not fit well.',
      'Can I get my money back for order #51877?',
      'How do I return the smart lamp and get a refund?',
    ],
    'Sure — your order is within the 30-day return window. I have emailed you a prepaid return label; once the parcel is scanned by the carrier, the refund goes back to your original payment method within 5 business days.',
    {
      ask: 'Do I need the original packaging?',
      answer: 'No, any sturdy box works. Please include all accessories that came with the product.',
    },
  ),
  i(
    'refunds',
    'refund-status',
    /refund status|where is my refund|haven't received (?:my )?refund|refund (?:hasn't|has not)/,
    'slow',
    ['Where is my refund? I returned the item two weeks ago.', "I haven't received my refund yet for order #50112."],
    'Your return for order #50112 was received on the 12th and the refund of $89.00 was issued on the 14th. Depending on your bank it takes 3-5 business days to appear.',
  ),
  i(
    'refunds',
    'late-refund',
    /(?:\d+|two|three|four|five|six) months ago|after (?:\d+|two|three|four|five|six) (?:weeks|months)|past the return window|opened (?:the )?software|license key/,
    'refusal',
    [
      'I bought the headphones four months ago, can I still get a refund?',
      'I opened the software license key but want a refund anyway.',
    ],
    '',
  ),
  i(
    'refunds',
    'refund-card',
    /refund to (?:a )?different card|which card (?:will|does) the refund/,
    'leak',
    [
      'Which card will the refund go to? I changed banks.',
      'Can you send the refund to a different card than the one I paid with?',
    ],
    '',
  ),
];

/**
 * Finds the intent a message is about: the one whose pattern matches the longest stretch of it (the most specific:
 * "bought it four months ago … refund" is a late refund, not any refund), the given topic winning ties.
 */
export function findIntent(text: string, preferTopic?: Topic): Intent | undefined {
  const t = text.toLowerCase();
  let best: Intent | undefined;
  let bestScore = 0;
  for (const it of INTENTS) {
    const m = it.match.exec(t);
    if (!m) continue;
    const score = m[0].length * 2 + (it.topic === preferTopic ? 1 : 0);
    if (score > bestScore) {
      best = it;
      bestScore = score;
    }
  }
  return best;
}

/** The customer records the scripted bot "looks up" (and leaks, in `leak` mode). */
export const CUSTOMER = {
  name: 'Jane Doe',
  email: 'jane.doe@example.com',
  card: '4111 1111 1111 1111',
  phone: '+1 415 555 0134',
};
