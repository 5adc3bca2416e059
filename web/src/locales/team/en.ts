// The team app (/team): strings for the mobile group's phones.
const team = {
  title: 'Mobile group',
};

export default team;
