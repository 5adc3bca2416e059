// HQ side of violations: the queue, a violation's page, the legal team's deadlines.
const violations = {
  title: 'Violations',
};
export default violations;
