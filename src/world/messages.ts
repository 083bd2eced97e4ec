import type { Faker } from '@faker-js/faker';
import type { Account } from '../core/account.js';
import type { Customer, Project, SalesUser } from './entities.js';

/** What the installer sent: an email (subject + body) or an SMS (text). */
export interface ProjectEmail {
  subject: string;
  body: string;
}

type Stage = 'draft' | 'published' | 'signed';

/**
 * Where the project stands for what the installer writes: a signed project, or a customer who
 * has signed (status Signed) or moved past it, is past the sales talk, so they never get a
 * "ready to view and sign" message.
 */
function stage(p: Project, c: Customer): Stage {
  if (p.signedAt !== null || c.status >= 2) return 'signed';
  return p.isDraft === 1 ? 'draft' : 'published';
}

const firstWord = (name: string): string => name.split(' ')[0] ?? name;

/** An email an installer would send at the project's stage, signed by the assigned user; its subject says what its body says. */
export function projectEmail(faker: Faker, account: Account, customer: Customer, project: Project, user: SalesUser): ProjectEmail {
  const kw = `${project.design.systemSize}kW`;
  const company = account.companyName;
  const street = `${customer.address.streetNum} ${customer.address.street}`;
  const visit = faker.helpers.arrayElement(['Tuesday at 9am', 'Wednesday at 11am', 'Thursday at 2pm', 'Friday at 10am']);
  const messages: Record<Stage, Array<[subject: string, line: string]>> = {
    draft: [
      [`Your solar quote from ${company} is on its way`, `Thanks for your time on the phone. We're putting together a ${kw} design for ${customer.address.suburb} and will send the full proposal within two business days.`],
      [`Site inspection booked for ${street}`, `Our site assessor will visit ${street} on ${visit} to check the roof, switchboard and meter before we finalise your ${kw} design.`],
      [`Quick question about your roof - ${project.nickname}`, `Before we finalise the ${kw} design for ${project.nickname}, could you reply with a photo of your roof and switchboard, and let us know if there is any shading in the afternoon?`],
    ],
    published: [
      [`${customer.firstName}, your ${kw} solar proposal is ready`, `Your proposal for a ${kw} system is ready to view and sign online: ${project.proposalLink}. Happy to walk you through it.`],
      [`Your solar proposal from ${company} - ${project.nickname}`, `Please find your proposal for ${project.nickname} (${kw}) here: ${project.proposalLink}. It includes the system design, pricing after rebates and the expected savings.`],
      [`Following up on your ${kw} solar proposal`, `Just following up on the ${kw} proposal we sent (${project.proposalLink}). Let me know if you have any questions or would like to change anything.`],
    ],
    signed: [
      [`Welcome to ${company} - next steps for your installation`, `Thanks for choosing ${company}. Our installation team will call you this week to lock in a date, and we'll lodge the grid connection application with your network.`],
      [`Installation date for your ${kw} solar system`, `We'd like to book the installation of your ${kw} system at ${street}. Reply with a few days that suit and our installers will confirm a date.`],
      [`Grid connection and STC paperwork for ${project.nickname}`, `We've lodged the grid connection application for ${project.nickname} with your network, and we'll handle the STC paperwork so the rebate comes off your invoice.`],
    ],
  };
  const [subject, line] = faker.helpers.arrayElement(messages[stage(project, customer)]);
  return {
    subject,
    body: `Hi ${customer.firstName},\n\n${line}\n\nKind regards,\n${user.name}\n${company}`,
  };
}

/** An SMS an installer would send at the project's stage (short, with an opt-out where needed). */
export function projectSms(faker: Faker, account: Account, customer: Customer, project: Project, user: SalesUser): string {
  const me = `${firstWord(user.name)} from ${account.companyName}`;
  const s = stage(project, customer);
  switch (s) {
    case 'draft':
      return faker.helpers.arrayElement([
        `Hi ${customer.firstName}, it's ${me}. Confirming our site visit at ${customer.address.streetNum} ${customer.address.street} tomorrow at ${faker.helpers.arrayElement(['9am', '11am', '2pm', '4pm'])}. Reply Y to confirm.`,
        `Hi ${customer.firstName}, ${me} here. Could you send a photo of your switchboard and a recent power bill? Thanks!`,
      ]);
    case 'published':
      return `Hi ${customer.firstName}, your ${project.design.systemSize}kW solar proposal is ready: ${project.proposalLink} - ${me}`;
    case 'signed':
      return `Hi ${customer.firstName}, thanks for signing with ${account.companyName}! Our installer will call to book your install date. Reply STOP to opt out.`;
    default: {
      const never: never = s;
      throw new Error(`unknown stage ${String(never)}`);
    }
  }
}
