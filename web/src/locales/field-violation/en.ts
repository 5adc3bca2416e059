// The observer's violation flow in the field app.
const fieldViolation = {
  title: 'Report a violation',
};
export default fieldViolation;
