import type { Faker } from '@faker-js/faker';
import type { Account } from '../core/account.js';
import type { Customer, Project, SalesUser } from './entities.js';

/** What the installer sent: an email (subject + body) or an SMS (text). */
export interface ProjectEmail {
  subject: string;
  body: string;
}

type Stage = 'draft' | 'published' | 'signed';

function stage(p: Project): Stage {
  if (p.signedAt !== null) return 'signed';
  return p.isDraft === 1 ? 'draft' : 'published';
}

const firstWord = (name: string): string => name.split(' ')[0] ?? name;

/** An email an installer would send at the project's stage, signed by the assigned user. */
export function projectEmail(faker: Faker, account: Account, customer: Customer, project: Project, user: SalesUser): ProjectEmail {
  const kw = `${project.design.systemSize}kW`;
  const company = account.companyName;
  const subjects: Record<Stage, string[]> = {
    draft: [
      `Your solar quote from ${company} is on its way`,
      `Site inspection booked for ${customer.address.streetNum} ${customer.address.street}`,
      `Quick question about your roof - ${project.nickname}`,
    ],
    published: [
      `${customer.firstName}, your ${kw} solar proposal is ready`,
      `Your solar proposal from ${company} - ${project.nickname}`,
      `Following up on your ${kw} solar proposal`,
    ],
    signed: [
      `Welcome to ${company} - next steps for your installation`,
      `Installation date for your ${kw} solar system`,
      `Grid connection and STC paperwork for ${project.nickname}`,
    ],
  };
  const lines: Record<Stage, string> = {
    draft: `Thanks for your time on the phone. We're putting together a ${kw} design for ${customer.address.suburb} and will send the full proposal within two business days.`,
    published: `Your proposal for a ${kw} system is ready to view and sign online: ${project.proposalLink}. Happy to walk you through it.`,
    signed: `Thanks for choosing ${company}. Our installation team will call you this week to lock in a date, and we'll lodge the grid connection application with your network.`,
  };
  const s = stage(project);
  return {
    subject: faker.helpers.arrayElement(subjects[s]),
    body: `Hi ${customer.firstName},\n\n${lines[s]}\n\nKind regards,\n${user.name}\n${company}`,
  };
}

/** An SMS an installer would send at the project's stage (short, with an opt-out where needed). */
export function projectSms(faker: Faker, account: Account, customer: Customer, project: Project, user: SalesUser): string {
  const me = `${firstWord(user.name)} from ${account.companyName}`;
  const s = stage(project);
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
