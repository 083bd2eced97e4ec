/**
 * Surnames that read as Australian: the most common surnames in Australia (Smith, Jones,
 * Williams, ... as ranked from electoral and phone-directory counts), including the common
 * Vietnamese, Chinese, Italian, Greek and Indian names of modern Australia. Replaces faker's
 * placeholder surnames (e.g. "Greenholt"), which no Australian customer list contains.
 */
import type { Faker } from '@faker-js/faker';

export const AU_SURNAMES: readonly string[] = [
  'Smith', 'Jones', 'Williams', 'Brown', 'Wilson', 'Taylor', 'Nguyen', 'Johnson', 'Martin', 'White',
  'Anderson', 'Walker', 'Thompson', 'Thomas', 'Lee', 'Ryan', 'Harris', 'Kelly', 'King', 'Campbell',
  'Robinson', 'Wright', 'Clarke', 'Mitchell', 'Young', 'Hughes', 'Wood', 'Scott', 'Evans', 'Roberts',
  'Murphy', 'Davies', 'Green', 'Turner', 'Baker', 'Hall', 'Edwards', 'Hill', 'Moore', 'Cooper',
  'Miller', 'Jackson', 'Kennedy', 'Watson', "O'Brien", 'Morris', 'Lewis', 'Murray', 'Stewart', 'Ward',
  'Price', 'Bell', 'Allen', 'Phillips', 'Graham', 'Marshall', 'Clark', 'Cook', 'Russell', 'Simpson',
  'Johnston', 'Richardson', 'Davis', 'Hamilton', 'Grant', 'Collins', 'Fraser', 'Gray', 'Ross', 'Reid',
  'Chen', 'Wang', 'Li', 'Zhang', 'Tran', 'Le', 'Pham', 'Singh', 'Patel', 'Kaur',
  'Rossi', 'Russo', 'Romano', 'Papadopoulos', 'Nikolaidis', 'Sullivan', 'McDonald', 'Doyle', 'Wallace', 'Henderson',
  'Harrison', 'Parker', 'Morgan', 'Bennett', 'Carter', 'Gibson', 'Stevens', 'Ellis', 'Butler', 'Shaw',
];

export function auSurname(faker: Faker): string {
  return faker.helpers.arrayElement(AU_SURNAMES);
}
