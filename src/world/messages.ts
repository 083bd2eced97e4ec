import type { Faker } from '@faker-js/faker';
import type { Account } from '../core/account.js';
import type { Customer, Project, SalesUser } from './entities.js';
import { messageLink, projectSite, projectStage, type ProjectStage } from './stage.js';

/** What the installer sent: an email (subject + body) or an SMS (text). */
export interface ProjectEmail {
  subject: string;
  body: string;
}

/** What a message needs besides its project: who sends it and the base of clickable links. */
export interface MessageContext {
  account: Account;
  user: SalesUser;
  /** `world.proposalLinkBase` (null: https://solarproof.com.au). */
  linkBase: string | null;
}

const firstWord = (name: string): string => name.split(' ')[0] ?? name;
/** `12 Mono Drive`, or `Mono Drive` when the site has no street number. */
const streetOf = (a: { streetNum: string; street: string }): string => `${a.streetNum} ${a.street}`.trim();

/** An email an installer would send at the project's stage, signed by the assigned user; its subject says what its body says. */
export function projectEmail(faker: Faker, ctx: MessageContext, customer: Customer, project: Project): ProjectEmail {
  const { account, user } = ctx;
  const kw = `${project.design.systemSize}kW`;
  const company = account.companyName;
  const site = projectSite(project, customer);
  const street = streetOf(site);
  const link = messageLink(project.proposalLink, ctx.linkBase);
  const visit = faker.helpers.arrayElement(['Tuesday at 9am', 'Wednesday at 11am', 'Thursday at 2pm', 'Friday at 10am']);
  const messages: Record<ProjectStage, Array<[subject: string, line: string]>> = {
    draft: [
      [`Your solar quote from ${company} is on its way`, `Thanks for your time on the phone. We're putting together a ${kw} design for ${site.suburb} and will send the full proposal within two business days.`],
      [`Site inspection booked for ${street}`, `Our site assessor will visit ${street} on ${visit} to check the roof, switchboard and meter before we finalise your ${kw} design.`],
      [`Quick question about your roof - ${project.nickname}`, `Before we finalise the ${kw} design for ${project.nickname}, could you reply with a photo of your roof and switchboard, and let us know if there is any shading in the afternoon?`],
    ],
    published: [
      [`${customer.firstName}, your ${kw} solar proposal is ready`, `Your proposal for a ${kw} system is ready to view and sign online: ${link}. Happy to walk you through it.`],
      [`Your solar proposal from ${company} - ${project.nickname}`, `Please find your proposal for ${project.nickname} (${kw}) here: ${link}. It includes the system design, pricing after rebates and the expected savings.`],
      [`Following up on your ${kw} solar proposal`, `Just following up on the ${kw} proposal we sent (${link}). Let me know if you have any questions or would like to change anything.`],
    ],
    signed: [
      [`Welcome to ${company} - next steps for your installation`, `Thanks for choosing ${company}. Our installation team will call you this week to lock in a date, and we'll lodge the grid connection application with your network.`],
      [`Installation date for your ${kw} solar system`, `We'd like to book the installation of your ${kw} system at ${street}. Reply with a few days that suit and our installers will confirm a date.`],
      [`Grid connection and STC paperwork for ${project.nickname}`, `We've lodged the grid connection application for ${project.nickname} with your network, and we'll handle the STC paperwork so the rebate comes off your invoice.`],
    ],
  };
  const [subject, line] = faker.helpers.arrayElement(messages[projectStage(project)]);
  return {
    subject,
    body: `Hi ${customer.firstName},\n\n${line}\n\nKind regards,\n${user.name}\n${company}`,
  };
}

/** An SMS an installer would send at the project's stage (short, with an opt-out where needed). */
export function projectSms(faker: Faker, ctx: MessageContext, customer: Customer, project: Project): string {
  const { account, user } = ctx;
  const me = `${firstWord(user.name)} from ${account.companyName}`;
  const s = projectStage(project);
  switch (s) {
    case 'draft':
      return faker.helpers.arrayElement([
        `Hi ${customer.firstName}, it's ${me}. Confirming our site visit at ${streetOf(projectSite(project, customer))} tomorrow at ${faker.helpers.arrayElement(['9am', '11am', '2pm', '4pm'])}. Reply Y to confirm.`,
        `Hi ${customer.firstName}, ${me} here. Could you send a photo of your switchboard and a recent power bill? Thanks!`,
      ]);
    case 'published':
      return `Hi ${customer.firstName}, your ${project.design.systemSize}kW solar proposal is ready: ${messageLink(project.proposalLink, ctx.linkBase)} - ${me}`;
    case 'signed':
      return `Hi ${customer.firstName}, thanks for signing with ${account.companyName}! Our installer will call to book your install date. Reply STOP to opt out.`;
    default: {
      const never: never = s;
      throw new Error(`unknown stage ${String(never)}`);
    }
  }
}
