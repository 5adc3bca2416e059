// The field app's protocol step (/field).
const fieldProtocol = {
  title: 'Results protocol',
  intro:
    'Copy the figures from the protocol copy the chair gave you, exactly as they are written, and photograph the copy.',
  notYet:
    'The protocol is entered once the station has closed: record "Station closed" or the counting checklist first.',
  loading: 'Loading the ballot…',
  noBallot: 'The ballot has not reached this phone yet. Connect to the internet once to load it.',
  missing_one: '{{count}} figure is still empty.',
  missing_other: '{{count}} figures are still empty.',
  incomplete_one: 'Fill in every figure before sending: {{count}} is still empty.',
  incomplete_other: 'Fill in every figure before sending: {{count}} are still empty.',
  outOfRange: 'A figure is larger than any protocol can hold: check the digits.',
  ownTally: 'Your own count of voters who took part',
  ownTallyHint: 'From your tally. Leave it empty if you did not count.',
  note: 'Note (optional)',
  photos: {
    title: 'Photos of the copy',
    take: 'Photograph the copy',
    none: 'No photo yet: HQ checks the figures against the photo.',
    max: 'At most {{count}} photos.',
    waiting_one: '{{count}} photo waiting to send',
    waiting_other: '{{count}} photos waiting to send',
    allSent: 'All photos sent',
    storage: 'Not kept (the phone is full?): {{files}}',
    remove: 'Remove',
    state: { waiting: 'waiting to send', uploading: 'sending', done: 'sent', rejected: 'refused' },
  },
  submit: 'Send the protocol',
  confirm: {
    title: 'Some checks fail',
    text: 'Send these figures only if the paper copy says exactly this. The paper is the evidence: HQ will see the same problems.',
    send: 'The paper says so: send',
    back: 'Back to the figures',
  },
  sent: {
    waiting: 'Saved on the phone, waiting to send',
    sent: 'Sent to HQ',
    rejected: 'Refused by the server',
  },
  correct: 'Send a correction',
  server: {
    title: 'At HQ',
    offline: 'Connect to the internet to see what HQ has.',
    none: 'HQ has no protocol from this station yet.',
    state: {
      none: 'No protocol yet',
      received: 'Received, the figures add up',
      flagged: 'Received, flagged: the figures do not add up',
      verified: 'Verified',
      differs: 'Differs from the official result',
    },
    verified: 'Verified (version {{version}})',
    notVerified: 'Not verified yet: an operator types it again from the photo.',
    checks: 'Checks at HQ',
  },
};

export default fieldProtocol;
