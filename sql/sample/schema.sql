-- sql/sample/schema.sql: the reference e-learning schema (16 tables) that the embedded default
-- and the tests use as a fake "production". Same file as the benchmark's schema.sql.
SET NAMES utf8mb4;
SET FOREIGN_KEY_CHECKS = 0;
DROP TABLE IF EXISTS learning_histories, taking_courses, subscriptions, category_posts, posts, categories,
  lectures, lessons, parts, courses, lectures_olds, lessons_olds, parts_olds, courses_olds, users, migrations;
SET FOREIGN_KEY_CHECKS = 1;

CREATE TABLE migrations (
  id        INT UNSIGNED NOT NULL AUTO_INCREMENT,
  migration VARCHAR(255) NOT NULL,
  batch     INT NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE users (
  id                BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  username          VARCHAR(255) NOT NULL,
  email             VARCHAR(255) NOT NULL,
  email_verified_at TIMESTAMP NULL DEFAULT NULL,
  password          VARCHAR(255) NOT NULL,
  remember_token    VARCHAR(100) NULL DEFAULT NULL,
  role              TINYINT UNSIGNED NOT NULL DEFAULT 0,
  profile           JSON NULL DEFAULT NULL,            -- MariaDB: LONGTEXT + json_valid() check
  last_login_at     TIMESTAMP NULL DEFAULT NULL,
  created_at        TIMESTAMP NULL DEFAULT NULL,
  updated_at        TIMESTAMP NULL DEFAULT NULL,
  deleted_at        TIMESTAMP NULL DEFAULT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY users_username_unique (username),
  UNIQUE KEY users_email_unique (email),
  KEY users_created_at_index (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE categories (
  id          INT UNSIGNED NOT NULL AUTO_INCREMENT,
  name        VARCHAR(100) NOT NULL,
  slug        VARCHAR(100) NOT NULL,
  description TEXT NULL,
  created_at  TIMESTAMP NULL DEFAULT NULL,
  updated_at  TIMESTAMP NULL DEFAULT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY categories_slug_unique (slug)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE posts (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  user_id      BIGINT UNSIGNED NULL DEFAULT NULL,       -- author; NULL once the author is deleted
  title        VARCHAR(255) NOT NULL,
  slug         VARCHAR(255) NOT NULL,
  excerpt      VARCHAR(500) NULL DEFAULT NULL,
  body         TEXT NOT NULL,
  status       ENUM('draft','published','archived') NOT NULL DEFAULT 'draft',
  view_count   INT UNSIGNED NOT NULL DEFAULT 0,
  published_at TIMESTAMP NULL DEFAULT NULL,
  created_at   TIMESTAMP NULL DEFAULT NULL,
  updated_at   TIMESTAMP NULL DEFAULT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY posts_slug_unique (slug),
  KEY posts_user_id_foreign (user_id),
  KEY posts_status_published_at_index (status, published_at),
  CONSTRAINT posts_user_id_foreign FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE category_posts (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  category_id INT UNSIGNED NOT NULL,
  post_id     BIGINT UNSIGNED NOT NULL,
  created_at  TIMESTAMP NULL DEFAULT NULL,
  updated_at  TIMESTAMP NULL DEFAULT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY category_posts_category_id_post_id_unique (category_id, post_id),
  KEY category_posts_post_id_foreign (post_id),
  CONSTRAINT category_posts_category_id_foreign FOREIGN KEY (category_id) REFERENCES categories (id) ON DELETE CASCADE,
  CONSTRAINT category_posts_post_id_foreign FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE courses (
  id            INT UNSIGNED NOT NULL AUTO_INCREMENT,
  title         VARCHAR(255) NOT NULL,
  slug          VARCHAR(255) NOT NULL,
  description   TEXT NULL,
  level         TINYINT UNSIGNED NOT NULL DEFAULT 1,
  price         INT UNSIGNED NOT NULL DEFAULT 0,
  is_published  TINYINT(1) NOT NULL DEFAULT 0,
  thumbnail_url VARCHAR(255) NULL DEFAULT NULL,
  created_at    TIMESTAMP NULL DEFAULT NULL,
  updated_at    TIMESTAMP NULL DEFAULT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY courses_slug_unique (slug)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE parts (
  id         INT UNSIGNED NOT NULL AUTO_INCREMENT,
  course_id  INT UNSIGNED NOT NULL,
  title      VARCHAR(255) NOT NULL,
  sort_order SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  created_at TIMESTAMP NULL DEFAULT NULL,
  updated_at TIMESTAMP NULL DEFAULT NULL,
  PRIMARY KEY (id),
  KEY parts_course_id_sort_order_index (course_id, sort_order),
  CONSTRAINT parts_course_id_foreign FOREIGN KEY (course_id) REFERENCES courses (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE lessons (
  id         INT UNSIGNED NOT NULL AUTO_INCREMENT,
  part_id    INT UNSIGNED NOT NULL,
  title      VARCHAR(255) NOT NULL,
  sort_order SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  created_at TIMESTAMP NULL DEFAULT NULL,
  updated_at TIMESTAMP NULL DEFAULT NULL,
  PRIMARY KEY (id),
  KEY lessons_part_id_sort_order_index (part_id, sort_order),
  CONSTRAINT lessons_part_id_foreign FOREIGN KEY (part_id) REFERENCES parts (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE lectures (
  id               INT UNSIGNED NOT NULL AUTO_INCREMENT,
  lesson_id        INT UNSIGNED NOT NULL,
  title            VARCHAR(255) NOT NULL,
  video_url        VARCHAR(255) NULL DEFAULT NULL,
  duration_seconds INT UNSIGNED NOT NULL DEFAULT 0,
  is_free          TINYINT(1) NOT NULL DEFAULT 0,
  sort_order       SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  created_at       TIMESTAMP NULL DEFAULT NULL,
  updated_at       TIMESTAMP NULL DEFAULT NULL,
  PRIMARY KEY (id),
  KEY lectures_lesson_id_sort_order_index (lesson_id, sort_order),
  CONSTRAINT lectures_lesson_id_foreign FOREIGN KEY (lesson_id) REFERENCES lessons (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Archived previous versions of the curriculum (same shape, own FK chain, plus archived_at).
CREATE TABLE courses_olds (
  id            INT UNSIGNED NOT NULL AUTO_INCREMENT,
  course_id     INT UNSIGNED NULL DEFAULT NULL,         -- the current course that replaced it
  title         VARCHAR(255) NOT NULL,
  slug          VARCHAR(255) NOT NULL,
  description   TEXT NULL,
  level         TINYINT UNSIGNED NOT NULL DEFAULT 1,
  price         INT UNSIGNED NOT NULL DEFAULT 0,
  is_published  TINYINT(1) NOT NULL DEFAULT 0,
  thumbnail_url VARCHAR(255) NULL DEFAULT NULL,
  archived_at   TIMESTAMP NULL DEFAULT NULL,
  created_at    TIMESTAMP NULL DEFAULT NULL,
  updated_at    TIMESTAMP NULL DEFAULT NULL,
  PRIMARY KEY (id),
  KEY courses_olds_course_id_foreign (course_id),
  CONSTRAINT courses_olds_course_id_foreign FOREIGN KEY (course_id) REFERENCES courses (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE parts_olds (
  id         INT UNSIGNED NOT NULL AUTO_INCREMENT,
  course_id  INT UNSIGNED NOT NULL,                    -- -> courses_olds.id
  title      VARCHAR(255) NOT NULL,
  sort_order SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  archived_at TIMESTAMP NULL DEFAULT NULL,
  created_at TIMESTAMP NULL DEFAULT NULL,
  updated_at TIMESTAMP NULL DEFAULT NULL,
  PRIMARY KEY (id),
  KEY parts_olds_course_id_sort_order_index (course_id, sort_order),
  CONSTRAINT parts_olds_course_id_foreign FOREIGN KEY (course_id) REFERENCES courses_olds (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE lessons_olds (
  id         INT UNSIGNED NOT NULL AUTO_INCREMENT,
  part_id    INT UNSIGNED NOT NULL,                    -- -> parts_olds.id
  title      VARCHAR(255) NOT NULL,
  sort_order SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  archived_at TIMESTAMP NULL DEFAULT NULL,
  created_at TIMESTAMP NULL DEFAULT NULL,
  updated_at TIMESTAMP NULL DEFAULT NULL,
  PRIMARY KEY (id),
  KEY lessons_olds_part_id_sort_order_index (part_id, sort_order),
  CONSTRAINT lessons_olds_part_id_foreign FOREIGN KEY (part_id) REFERENCES parts_olds (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE lectures_olds (
  id               INT UNSIGNED NOT NULL AUTO_INCREMENT,
  lesson_id        INT UNSIGNED NOT NULL,              -- -> lessons_olds.id
  title            VARCHAR(255) NOT NULL,
  video_url        VARCHAR(255) NULL DEFAULT NULL,
  duration_seconds INT UNSIGNED NOT NULL DEFAULT 0,
  is_free          TINYINT(1) NOT NULL DEFAULT 0,
  sort_order       SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  archived_at      TIMESTAMP NULL DEFAULT NULL,
  created_at       TIMESTAMP NULL DEFAULT NULL,
  updated_at       TIMESTAMP NULL DEFAULT NULL,
  PRIMARY KEY (id),
  KEY lectures_olds_lesson_id_sort_order_index (lesson_id, sort_order),
  CONSTRAINT lectures_olds_lesson_id_foreign FOREIGN KEY (lesson_id) REFERENCES lessons_olds (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE taking_courses (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  user_id          BIGINT UNSIGNED NOT NULL,
  course_id        INT UNSIGNED NOT NULL,
  status           TINYINT UNSIGNED NOT NULL DEFAULT 0,  -- 0 in progress, 1 completed, 2 dropped
  progress_percent TINYINT UNSIGNED NOT NULL DEFAULT 0,
  started_at       TIMESTAMP NULL DEFAULT NULL,
  completed_at     TIMESTAMP NULL DEFAULT NULL,
  created_at       TIMESTAMP NULL DEFAULT NULL,
  updated_at       TIMESTAMP NULL DEFAULT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY taking_courses_user_id_course_id_unique (user_id, course_id),
  KEY taking_courses_course_id_foreign (course_id),
  CONSTRAINT taking_courses_user_id_foreign FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT taking_courses_course_id_foreign FOREIGN KEY (course_id) REFERENCES courses (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE learning_histories (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  user_id      BIGINT UNSIGNED NOT NULL,
  lecture_id   INT UNSIGNED NOT NULL,
  completed_at TIMESTAMP NULL DEFAULT NULL,
  created_at   TIMESTAMP NULL DEFAULT NULL,
  updated_at   TIMESTAMP NULL DEFAULT NULL,
  PRIMARY KEY (id),
  KEY learning_histories_user_id_lecture_id_index (user_id, lecture_id),
  KEY learning_histories_lecture_id_foreign (lecture_id),
  KEY learning_histories_completed_at_index (completed_at),
  CONSTRAINT learning_histories_user_id_foreign FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT learning_histories_lecture_id_foreign FOREIGN KEY (lecture_id) REFERENCES lectures (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE subscriptions (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  user_id       BIGINT UNSIGNED NOT NULL,
  name          VARCHAR(255) NOT NULL,                   -- plan name
  stripe_id     VARCHAR(255) NULL DEFAULT NULL,
  stripe_status VARCHAR(50) NOT NULL,
  stripe_price  VARCHAR(255) NULL DEFAULT NULL,
  amount        INT UNSIGNED NOT NULL DEFAULT 0,
  quantity      INT NULL DEFAULT NULL,
  metadata      TEXT NULL DEFAULT NULL,                  -- JSON text from the payment provider
  trial_ends_at TIMESTAMP NULL DEFAULT NULL,
  ends_at       TIMESTAMP NULL DEFAULT NULL,
  created_at    TIMESTAMP NULL DEFAULT NULL,
  updated_at    TIMESTAMP NULL DEFAULT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY subscriptions_stripe_id_unique (stripe_id),
  KEY subscriptions_user_id_stripe_status_index (user_id, stripe_status),
  CONSTRAINT subscriptions_user_id_foreign FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
