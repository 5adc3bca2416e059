// The protocol figures form and its checks, shared by the field app, data entry and the supervisor.
const protocolForm = {
  title: 'Results protocol',
  digitsOnly: 'Figures in digits only, exactly as on the paper.',
  sections: {
    ballots: 'Voters and ballots',
    fixedBox: 'Fixed box',
    portableBoxes: 'Portable boxes',
    invalid: 'Invalid ballots',
    votes: 'Votes by ballot option',
    signatures: 'Signatures on the copy',
  },
  figures: {
    registeredVoters: 'Voters on the list',
    ballotsReceived: 'Ballots received by the commission',
    ballotsIssuedInside: 'Ballots issued in the station',
    ballotsIssuedOutside: 'Ballots issued outside the station (requests served)',
    outsideRequests: 'Written requests to vote outside the station',
    ballotsCancelled: 'Unused ballots cancelled',
    fixedBoxBallots: 'Ballots found in the fixed box',
    invalidBallots: 'Invalid ballots',
  },
  sealIntact: 'The seal was intact',
  fixedBoxSeal: 'The fixed box seal was intact',
  portableBox: 'Portable box no. {{number}}',
  portableBallots: 'Ballots found in portable box no. {{number}}',
  portableSeal: 'The seal of portable box no. {{number}} was intact',
  addPortableBox: 'Add a portable box',
  removePortableBox: 'Remove portable box no. {{number}}',
  noPortableBoxes: 'No portable box was used.',
  maxPortableBoxes: 'At most {{count}} portable boxes.',
  noOptions: 'The ballot has no options.',
  votesFor: 'votes',
  signatures: {
    chair: 'Signed by the chair',
    secretary: 'Signed by the secretary',
    members: 'Other commission members who signed',
  },
  highlighted: 'check this figure',
  checks: {
    title: 'Checks',
    ok: 'Passes:',
    error: 'Fails:',
    warning: 'Warning:',
    none: 'The checks appear when every figure is filled in.',
  },
};

export default protocolForm;
