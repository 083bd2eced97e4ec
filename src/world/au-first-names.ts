/**
 * The first names of faker's `en_AU` locale (`person.first_name`, @faker-js/faker 10, MIT licence),
 * kept here so the world's Faker is built on faker's `base` entry alone: the `en_AU` entry loads
 * every English definition (animals, music, lorem, ...) of which the world reads only these, and
 * holds ~3 MiB more of an idle process (docs/decisions/0037). src/world/world-faker.test.ts checks
 * they are still faker's.
 */
export const AU_FIRST_NAMES = {
  female: [
    'Abbey', 'Abby', 'Abigail', 'Addison', 'Alana', 'Alexandra', 'Alexis', 'Alice', 'Alyssa', 'Amber',
    'Amelia', 'Amelie', 'Amy', 'Angelina', 'Anna', 'Annabelle', 'Ashley', 'Audrey', 'Ava', 'Bella', 'Caitlin',
    'Charli', 'Charlotte', 'Chelsea', 'Chloe', 'Claire', 'Claudia', 'Eliza', 'Elizabeth', 'Ella', 'Ellie',
    'Emily', 'Emma', 'Eva', 'Eve', 'Evie', 'Gabriella', 'Gemma', 'Georgia', 'Grace', 'Hannah', 'Hayley',
    'Heidi', 'Holly', 'Imogen', 'Isabel', 'Isabella', 'Isabelle', 'Isla', 'Ivy', 'Jade', 'Jasmine', 'Jessica',
    'Kayla', 'Kiara', 'Lara', 'Lauren', 'Layla', 'Leah', 'Lillian', 'Lilly', 'Lily', 'Lola', 'Lucy',
    'Mackenzie', 'Maddison', 'Madeline', 'Madison', 'Matilda', 'Maya', 'Mia', 'Mikayla', 'Molly', 'Natalie',
    'Olivia', 'Paige', 'Phoebe', 'Piper', 'Poppy', 'Rose', 'Ruby', 'Samantha', 'Sarah', 'Savannah',
    'Scarlett', 'Sienna', 'Skye', 'Sofia', 'Sophia', 'Sophie', 'Stella', 'Stephanie', 'Summer', 'Tahlia',
    'Taylor', 'Victoria', 'Violet', 'Willow', 'Zara', 'Zoe',
  ],
  male: [
    'Aaron', 'Adam', 'Aidan', 'Aiden', 'Alex', 'Alexander', 'Ali', 'Andrew', 'Angus', 'Anthony', 'Archie',
    'Ashton', 'Bailey', 'Beau', 'Benjamin', 'Blake', 'Caleb', 'Callum', 'Cameron', 'Charles', 'Charlie',
    'Chase', 'Christian', 'Christopher', 'Cody', 'Connor', 'Cooper', 'Daniel', 'Darcy', 'David', 'Declan',
    'Dylan', 'Edward', 'Eli', 'Elijah', 'Ethan', 'Finn', 'Gabriel', 'George', 'Hamish', 'Harrison', 'Harry',
    'Hayden', 'Henry', 'Hugo', 'Hunter', 'Isaac', 'Jack', 'Jackson', 'Jacob', 'Jake', 'James', 'Jasper',
    'Jayden', 'Jesse', 'Jett', 'Joel', 'John', 'Jonathan', 'Jordan', 'Joseph', 'Joshua', 'Justin', 'Kai',
    'Lachlan', 'Leo', 'Levi', 'Liam', 'Lincoln', 'Logan', 'Luca', 'Lucas', 'Luke', 'Marcus', 'Mason',
    'Matthew', 'Max', 'Michael', 'Mitchell', 'Nate', 'Nathan', 'Nicholas', 'Noah', 'Oliver', 'Oscar', 'Owen',
    'Patrick', 'Phoenix', 'Riley', 'Ryan', 'Sam', 'Samuel', 'Sebastian', 'Thomas', 'Toby', 'Tyler', 'William',
    'Xavier', 'Zac', 'Zachary',
  ],
};
