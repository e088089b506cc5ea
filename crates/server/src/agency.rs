//! A real agency starts here (issue #18): its record, its offices and its first Crisis Center
//! admin, made in one transaction by an operator's command (`posko-server create-agency`), who
//! hands the admin their username and a one-time password. The admin then builds the roster
//! (import, activation codes) in the app. The tests make their second agency with it too.

use rand::Rng;

use crate::db::Db;

/// An office of a new agency: its id (kept in every record filed under it), name and regency.
#[derive(Debug, Clone)]
pub struct NewOffice {
    pub id: String,
    pub name: String,
    pub regency: String,
}

#[derive(Debug, Clone)]
pub struct NewAgency {
    pub id: String,
    pub name: String,
    pub region: String,
    pub offices: Vec<NewOffice>,
    /// The first Crisis Center admin: their username (lower case) and full name.
    pub admin_username: String,
    pub admin_full_name: String,
}

/// What the operator hands over: the admin's sign-in.
#[derive(Debug, Clone)]
pub struct CreatedAgency {
    pub admin_id: String,
    pub admin_username: String,
    /// Shown once, never stored (only its argon2 hash is).
    pub admin_password: String,
}

#[derive(Debug, thiserror::Error)]
pub enum AgencyError {
    #[error("{0}")]
    Invalid(String),
    #[error("an agency with id {0} exists already")]
    AgencyExists(String),
    #[error("the username {0} is taken")]
    UsernameTaken(String),
    #[error("an office with id {0} exists already")]
    OfficeExists(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

/// Letters and digits that cannot be mistaken for one another (no 0/O, 1/I/L).
const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
/// A one-time password of 14 such characters: about 69 bits.
const PASSWORD_CHARS: usize = 14;

impl NewAgency {
    fn check(&self) -> Result<(), AgencyError> {
        let id_ok = |id: &str, max: usize| {
            !id.is_empty()
                && id.len() <= max
                && id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        };
        if !id_ok(&self.id, 64) {
            return Err(AgencyError::Invalid(format!(
                "agency id {:?}: 1 to 64 lower-case letters, digits and hyphens",
                self.id
            )));
        }
        // An office's checklist and plan of a day are named after it (`kit::Ids`).
        if let Some(office) = self
            .offices
            .iter()
            .find(|o| !id_ok(&o.id, posko_core::kit::MAX_HOLDER_ID_LEN))
        {
            return Err(AgencyError::Invalid(format!(
                "office id {:?}: 1 to 40 lower-case letters, digits and hyphens",
                office.id
            )));
        }
        if self.name.trim().is_empty() || self.region.trim().is_empty() {
            return Err(AgencyError::Invalid("an agency needs a name and a region".into()));
        }
        if self.offices.is_empty() {
            return Err(AgencyError::Invalid(
                "an agency needs at least one office (its Crisis Center is in one)".into(),
            ));
        }
        if self
            .offices
            .iter()
            .any(|o| o.name.trim().is_empty() || o.regency.trim().is_empty())
        {
            return Err(AgencyError::Invalid("every office needs a name and a regency".into()));
        }
        let username = self.admin_username.trim();
        if username.len() < 3 || username.chars().any(char::is_whitespace) {
            return Err(AgencyError::Invalid(
                "the admin's username: 3 or more characters, no spaces".into(),
            ));
        }
        if self.admin_full_name.trim().is_empty() {
            return Err(AgencyError::Invalid("the admin needs a full name".into()));
        }
        Ok(())
    }
}

/// Makes the agency, its offices and its first admin, all or nothing.
pub async fn create(db: &Db, new: &NewAgency) -> Result<CreatedAgency, AgencyError> {
    new.check()?;
    let username = new.admin_username.trim().to_lowercase();
    let password: String = {
        let mut rng = rand::rng();
        (0..PASSWORD_CHARS)
            .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
            .collect()
    };
    let hash = crate::auth::hash_password(&password);
    let admin_id = format!("{}-admin-{}", new.id, uuid::Uuid::now_v7().simple());

    let mut tx = db.pool.begin().await?;
    let taken: Option<String> = sqlx::query_scalar("SELECT id FROM agencies WHERE id = $1")
        .bind(&new.id)
        .fetch_optional(&mut *tx)
        .await?;
    if taken.is_some() {
        return Err(AgencyError::AgencyExists(new.id.clone()));
    }
    let taken: Option<String> = sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
        .bind(&username)
        .fetch_optional(&mut *tx)
        .await?;
    if taken.is_some() {
        return Err(AgencyError::UsernameTaken(username));
    }
    sqlx::query("INSERT INTO agencies (id, name, region) VALUES ($1, $2, $3)")
        .bind(&new.id)
        .bind(new.name.trim())
        .bind(new.region.trim())
        .execute(&mut *tx)
        .await?;
    for office in &new.offices {
        let taken: Option<String> = sqlx::query_scalar("SELECT id FROM offices WHERE id = $1")
            .bind(&office.id)
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Err(AgencyError::OfficeExists(office.id.clone()));
        }
        sqlx::query("INSERT INTO offices (id, agency_id, name, regency) VALUES ($1, $2, $3, $4)")
            .bind(&office.id)
            .bind(&new.id)
            .bind(office.name.trim())
            .bind(office.regency.trim())
            .execute(&mut *tx)
            .await?;
    }
    // Agency-wide, as every Crisis Center admin: no office of their own.
    sqlx::query(
        "INSERT INTO users (id, username, password_hash, full_name, role, agency_id, office_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, NULL, $7)",
    )
    .bind(&admin_id)
    .bind(&username)
    .bind(&hash)
    .bind(new.admin_full_name.trim())
    .bind(posko_core::Role::CrisisAdmin.as_str())
    .bind(&new.id)
    .bind(crate::clock::now_secs())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(CreatedAgency {
        admin_id,
        admin_username: username,
        admin_password: password,
    })
}
