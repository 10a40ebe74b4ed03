-- Sign-in with a texted code (issue 4: "login with SMS code"). The phone verifications of sign-up
-- get a purpose, so a sign-up code never signs in and a sign-in code never signs up; sessions
-- record how they were signed in, so a session opened with a texted code alone cannot use texted
-- codes to trust its device or confirm its payments (a SIM swap must not be enough to pay).

ALTER TABLE signup_verifications
  ADD COLUMN purpose text NOT NULL DEFAULT 'signup' CHECK (purpose IN ('signup', 'sign_in'));

ALTER TABLE sessions
  ADD COLUMN auth_method text NOT NULL DEFAULT 'password' CHECK (auth_method IN ('password', 'passkey', 'sms'));
