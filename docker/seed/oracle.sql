-- The stx-migrate demo's legacy database. Made by
-- stx-migrate demo --sql oracle --contacts 300 --seed 42
CREATE TABLE customer (
  cust_id NUMBER(19) NOT NULL PRIMARY KEY,
  cust_no NVARCHAR2(20),
  kind NVARCHAR2(10) NOT NULL,
  civility NVARCHAR2(40),
  first_name NVARCHAR2(100),
  last_name NVARCHAR2(100),
  company NVARCHAR2(400),
  birth_date NVARCHAR2(30),
  lang NVARCHAR2(10),
  email NVARCHAR2(320),
  phone NVARCHAR2(50),
  mobile NVARCHAR2(50),
  fax NVARCHAR2(50),
  newsletter NUMBER(19),
  remark NVARCHAR2(400),
  created_at NVARCHAR2(30)
);
CREATE TABLE address (
  addr_id NUMBER(19) NOT NULL PRIMARY KEY,
  cust_id NUMBER(19) NOT NULL REFERENCES customer(cust_id),
  addr_kind NVARCHAR2(10) NOT NULL,
  street NVARCHAR2(300),
  street2 NVARCHAR2(300),
  zip NVARCHAR2(20),
  city NVARCHAR2(100),
  country NVARCHAR2(60)
);
CREATE TABLE contact_person (
  person_id NUMBER(19) NOT NULL PRIMARY KEY,
  company_id NUMBER(19) NOT NULL REFERENCES customer(cust_id),
  is_main NUMBER(19) NOT NULL,
  civility NVARCHAR2(40),
  first_name NVARCHAR2(100),
  last_name NVARCHAR2(100),
  job_title NVARCHAR2(100),
  email NVARCHAR2(320),
  phone NVARCHAR2(50)
);
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(1, '0003728', 'C', NULL, NULL, NULL, 'Teatro Arte SA', NULL, 'I', 'amministrazione@teatro-arte.ch', '+41 91 419 51 11', NULL, '091 632 66 03', 0, NULL, '1998-01-02 23:11:04');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(2, '0003729', 'C', NULL, NULL, NULL, 'Dubois Événements SA', NULL, NULL, 'contact@dubois-evenements.fr', NULL, NULL, '+33 4 69 83 79 49', 0, NULL, '1998-02-02 18:03:42');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(3, '0003730', 'C', NULL, NULL, NULL, 'Mancini & Figli Sas', NULL, 'I', 'info@mancini-figli.it', '+39 055 679 5647', NULL, NULL, 1, NULL, '1998-03-14 20:22:41');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(4, '0003731', 'P', 'Mr', 'Andrew', 'Wilson', NULL, NULL, 'E', 'andrew.wilson@hotmail.co.uk', NULL, '+44 7732 223677', NULL, 0, NULL, '1998-04-09 11:41:49');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(5, '0003734', 'P', 'Sig.ra', NULL, 'Esposito', NULL, '01/11/1995', 'it', 'annalisaesposito@libero.it', NULL, NULL, NULL, 1, NULL, '1998-05-21 01:01:38');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(6, '0003735', 'C', NULL, NULL, NULL, 'O''Neill & Sons LLP', NULL, 'E', 'boxoffice@o-neill-sons.co.uk', '(0114) 847 8346', NULL, NULL, 0, NULL, '1998-06-18 07:35:25');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(7, '0003736', 'P', 'M.', 'Gérard', 'Lemaître', NULL, '1956-06-20', 'F', 'g.lemaitre@orange.fr', '(33)0586768822', NULL, NULL, 0, NULL, '1998-07-26 19:27:51');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(8, '0003737', 'P', 'Frau', 'Mia', 'Kovačević', NULL, '1952-10-22', 'DE', NULL, NULL, '079 760 11 20', NULL, 0, NULL, '1998-08-24 05:21:43');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(9, '0003738', 'P', 'Dr', 'Fatima', 'Da Silva', NULL, '05/04/1982', 'fr', 'fatima.dasilva@bluewin.ch', NULL, NULL, NULL, NULL, NULL, '1998-09-30 14:52:06');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(10, '0003739', 'P', 'Mme', 'Christine', 'Rousseau', NULL, '20/03/1990', 'F', NULL, '04 48 11 57 56', '+33 (0)6 86 90 86 52', NULL, 0, NULL, '1998-11-04 20:46:39');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(11, '0003740', 'P', 'Herr', 'Björn', 'Krüger', NULL, '25/06/1998', 'D', ' bjoern.krueger@gmail.com ', NULL, '+49 173 1347186', NULL, 1, NULL, '1998-12-11 18:31:31');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(12, '0003741', 'P', 'Sig.ra', 'Elisa', 'Ferrari', NULL, '-', 'I', 'ferrari.elisa@tiscali.it', NULL, '348 3100014', NULL, 1, NULL, '1999-01-07 00:41:55');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(13, '0003744', 'P', 'Ms', '', '  Hall ', NULL, '30/04/1989', 'en', 'e.hall(at)btinternet.com', '+44 (0)121 708 1611', '+44 7102 416740', NULL, 0, NULL, '1999-02-17 05:04:10');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(14, '0003745', 'P', 'Herr', 'Sven', 'Näf', NULL, '2006-01-17', 'Deutsch', NULL, NULL, NULL, NULL, 0, NULL, '1999-03-18 17:49:45');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(15, '0003746', 'C', NULL, NULL, NULL, 'Schreinerei Keller AG', NULL, 'D', 'kasse@schreinerei-keller.ch', '0', NULL, NULL, NULL, NULL, '1999-04-19 19:27:04');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(16, '0003747', 'P', 'Frau', 'Lena', 'BÄCHTOLD', NULL, '1996-04-07', 'D', 'lena.baechtold96@protonmail.ch', NULL, '+41792247262', NULL, 0, NULL, '1999-05-26 04:17:15');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(17, '0003748', 'P', 'Frau', 'Jördis', 'Weber', NULL, '10/11/1975', 'D', 'joerdis.weber75@gmail.com', '062 6896899', '076 191 97 45', NULL, 0, NULL, '1999-06-27 06:21:03');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(18, '0003749', 'P', 'Herr', 'Jörg', 'Baumann', NULL, '04/08/1988', 'DE', NULL, NULL, '+41 76 325 00 60', NULL, 0, 'Rollstuhl, Begleitperson gratis', '1999-08-08 08:31:15');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(19, '0003750', 'P', 'Mr', 'John', 'Green', NULL, NULL, 'E', 'j.green@gmail.com', NULL, '07846 789451', NULL, 0, NULL, '1999-09-04 18:10:55');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(20, '0003751', 'C', '', NULL, NULL, 'Riverside Theatre Company', NULL, 'E', 'accounts@riverside-theatre-company.co.uk', '020 3754 4849', NULL, NULL, 1, NULL, '1999-10-12 05:51:32');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(21, '0003752', 'P', NULL, 'GEORGE', 'BROWN', NULL, NULL, 'en', 'george.brown@hotmail.co.uk', '0131 842 6901', '07605 785828', NULL, 1, NULL, '1999-11-14 14:55:30');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(22, '0003753', 'P', 'M. ', 'Loïc', 'Dupont', NULL, '16/12/1950', 'français', 'loic.dupont@gmx.ch', NULL, '078 869 23 97', NULL, 1, NULL, '1999-12-17 10:08:29');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(23, '0003754', 'P', 'Herr', 'Moritz', 'Meyer', NULL, '10.08.1955', 'D', 'moritz.meyer@outlook.de', NULL, NULL, NULL, 0, NULL, '2000-01-17 14:56:38');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(24, '0003755', 'P', 'Mr', 'John', 'edwards', NULL, '19901125', 'E', 'john.edwards90@gmail.com', NULL, NULL, NULL, 1, NULL, '2000-02-20 23:51:07');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(25, '0003756', 'P', '', 'Agnès', 'Monnier', NULL, '28.05.1993', 'fr', 'agnes.monnier@bluewin.ch', NULL, '079 835 44 67', NULL, NULL, NULL, '2000-03-24 09:51:43');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(26, '0003757', 'P', 'Dr', 'UWE', 'KÖHLER', NULL, NULL, 'D', 'uwe.koehler@gmx.de', '0341-3036166', '0178 3939877', NULL, 1, NULL, '2000-04-27 09:42:52');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(27, '0003758', 'C', NULL, NULL, NULL, 'Fondation de Villepin', NULL, 'fr', 'info@fondation-de-villepin.fr', NULL, NULL, NULL, 1, NULL, '2000-06-04 16:15:00');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(28, '0003759', 'P', 'Herr', 'Andreas', 'Frei', NULL, NULL, 'D', 'frei.andreas@bluewin.ch', '041 454 44 74', NULL, NULL, NULL, NULL, '2000-07-08 09:14:04');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(29, '0003763', 'P', 'Mme', 'Béatrice', 'Lambiel', NULL, '08/04/1964', 'fr', 'beatrice.lambiel67@swissonline.ch', NULL, NULL, NULL, 0, NULL, '2000-08-14 07:07:19');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(30, '0003764', 'C', NULL, NULL, NULL, 'Theater am See', NULL, 'D', NULL, '+49 69 2302997', NULL, '+49 69 64975051', NULL, NULL, '2000-09-20 08:22:51');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(31, '0003765', 'C', NULL, NULL, NULL, 'Stadttheater Thun', NULL, 'Deutsch', 'sekretariat@stadttheater-thun.ch', '0041338488709', NULL, NULL, NULL, NULL, '2000-10-15 23:52:35');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(32, '0003766', 'P', 'M.', 'Mathieu', 'BERTHOUD', NULL, '19750411', 'français', NULL, '027 353 15 27', '079 748 59 47', NULL, 0, NULL, '2000-11-19 18:31:04');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(33, '0003767', 'P', 'Mr', 'Stephen', 'Patel', NULL, '31/01/2007', 'E', 's.patel@icloud.com', '028 8798 9327', NULL, NULL, 0, NULL, '2000-12-28 17:43:45');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(34, '0003768', 'C', NULL, NULL, NULL, 'Apollo Theatre Company', NULL, 'E', 'info@apollo-theatre-company.co.uk', '00442859311807', NULL, NULL, 1, NULL, '2001-01-25 23:28:22');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(35, '0003770', 'P', 'Dr', 'Yves', 'DE MONTMOLLIN', NULL, '19351119', 'F', 'y.demontmollin@bluewin.ch', '+41 26 266 30 14', NULL, NULL, 0, NULL, '2001-03-09 08:52:41');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(36, '0003771', 'P', NULL, 'Jonas', 'Becker', NULL, '1941-10-23', 'D', 'j.becker@web.de', '0221 5664354', NULL, NULL, 1, NULL, '2001-04-08 21:19:01');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(37, '0003772', 'P', 'Frau', 'Jana', 'Näf', NULL, '24/10/1999', 'D', 'jananaef@gmail.com', '+41 52 591 62 34', NULL, NULL, 0, NULL, '2001-05-09 23:05:29');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(38, '0003773', 'P', 'Mr', 'Mark', 'Robinson', NULL, '18/03/1990', 'E', 'robinson.mark@btinternet.com', '01273 699655', NULL, NULL, 0, NULL, '2001-06-12 11:11:06');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(39, '0003774', 'P', NULL, 'Verena', 'Steiner', NULL, NULL, 'D', 'verena_steiner@gmail.com', '+41 31 595 65 65', NULL, NULL, 0, NULL, '2001-07-16 10:34:45');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(40, '0003775', 'P', 'M.', 'Noé', 'Bonnet', NULL, '26/09/1954', 'fr', 'noe.bonnet54@orange.fr', '04.17.36.14.44', '0767160175', NULL, 1, NULL, '2001-08-22 07:21:05');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(41, '0003776', 'P', 'Frau', 'Corinne', 'Weiß', NULL, '17/10/1992', 'D', 'corinne.weiss27@gmx.de', NULL, '0175 4070415', NULL, 0, NULL, '2001-09-26 23:26:33');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(42, '0003777', 'P', '', 'Daniel', 'Schulz', NULL, NULL, 'D', NULL, '+49 (0)89 8923168', '+49 173 4869127', NULL, 0, NULL, '2001-10-29 09:37:52');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(43, '0003779', 'P', 'Sig.ra', 'Beatrice', 'Beltrami', NULL, '18.14.1941', 'I', NULL, NULL, NULL, NULL, 1, NULL, '2001-11-30 19:11:36');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(44, '0003780', 'P', 'Frau', 'Maria', 'Meyer', NULL, NULL, 'D', NULL, '041 938 08 56', '077/311.29.04', NULL, 0, NULL, '2002-01-06 13:24:45');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(45, '0003781', 'P', 'M.', 'Lucas', 'andré', NULL, NULL, 'fr', 'andre.lucas@outlook.fr', '03 44 93 89 09', '06 80 05 14 36', NULL, 1, NULL, '2002-02-06 01:09:36');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(46, '0003782', 'C', NULL, NULL, NULL, 'Musikgesellschaft Berlin', NULL, 'DE', 'sekretariat@musikgesellschaft-berlin.de', NULL, NULL, '030 3680658', 1, NULL, '2002-03-10 10:17:44');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(47, '0003783', 'P', 'Frau', 'Corinne', 'Huber', NULL, NULL, 'D', 'corinne.huber33@gmail.com', '+41 44 841 18 70', '079 801 41 99', NULL, 1, NULL, '2002-04-22 11:31:28');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(48, '0003787', 'P', 'Ms', 'Amelia', 'Taylor', NULL, NULL, 'E', 'ameliataylor@gmail.com', '01135816378', '+44 (0)7894 937862', NULL, 0, NULL, '2002-05-24 18:10:30');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(49, '0003788', 'P', 'Herr', 'Lukas', 'Moser ', NULL, NULL, 'DE', 'l.moser@protonmail.ch', NULL, NULL, NULL, 0, NULL, '2002-06-25 00:44:45');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(50, '0003789', 'P', 'm.', 'Jacques', 'BÃ©rard', NULL, '19690201', 'F', 'jacques.berard@yahoo.fr', '0033438740356', '+33 6 51 00 46 27', NULL, 1, NULL, '2002-07-31 10:05:18');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(51, '0003793', 'C', NULL, NULL, NULL, 'Gemeinde Schaffhausen', NULL, 'DE', NULL, '+41 52 760 97 23', NULL, NULL, 0, 'Ne pas appeler le dimanche', '2002-08-31 03:33:09');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(52, '0003794', 'C', NULL, NULL, NULL, 'Brauerei zum Neumarkt GmbH', NULL, 'D', 'kontakt@brauerei-zum-neumarkt.de', '0351 6328978', NULL, NULL, 0, NULL, '2002-10-09 00:16:20');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(53, '0003796', 'P', '', 'Jana', 'Gerber', NULL, '1928-07-20', 'DE', 'janagerber@hotmail.com', '0442348637', '075 317 64 74', NULL, 0, NULL, '2002-11-12 17:35:34');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(54, '0003797', 'P', 'Mrs', 'NIAMH', 'EVANS', NULL, '2006-02-16', 'E', 'niamh_evans@gmail.com', NULL, '07914782826', NULL, 0, NULL, '2002-12-12 14:16:17');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(55, '0003798', 'P', 'M.', 'Léon', 'Pittet', NULL, '16.06.2007', 'français', 'leonpittet@hispeed.ch', '+41 32 209 66 83', NULL, NULL, 1, NULL, '2003-01-16 14:19:14');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(56, '0003799', 'P', 'Frau', 'Petra', 'Stöckli', NULL, NULL, 'D', NULL, NULL, '078 155 93 69', NULL, 1, NULL, '2003-02-17 20:26:15');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(57, '0003800', 'P', 'Herr', 'Andreas', 'Köhler', NULL, '14/09/1948', 'D', 'andreas.koehler@gmail.com', '0351 8205488', '0157 24596687', NULL, NULL, NULL, '2003-03-24 00:45:02');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(58, '0003801', 'P', NULL, 'ANNALISA', 'MORETTI', NULL, '20/09/1970', 'it', NULL, '055 7524256', '388 1868373', NULL, NULL, NULL, '2003-05-01 04:08:22');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(59, '0003802', 'P', 'Mme', 'JULIE', 'BONNET', NULL, NULL, 'F', NULL, '+33 (0)5 76 36 38 34', '0661321291', NULL, NULL, NULL, '2003-05-31 16:02:08');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(60, '0003803', 'P', 'Frau', 'BÄRBEL', 'Stöckli', NULL, NULL, 'DE', 'baerbel.stoeckli@bluewin.ch', '041 550 86 13', NULL, NULL, 1, NULL, '2003-07-06 12:00:18');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(61, '0003804', 'P', 'Herr', 'Klaus', 'VON ARX', NULL, NULL, 'D', 'klaus.vonarx@swissonline.ch', '071 891 23 67', '079 469 27 12', NULL, 0, NULL, '2003-08-08 17:34:03');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(62, '0003805', 'P', 'Frau', 'Andrea', 'Brunner', NULL, '26.12.2001', 'Deutsch', 'andrea.brunner@outlook.com', '+41 32 867 52 27', '+41 76 205 02 41', NULL, 0, NULL, '2003-09-15 17:07:20');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(63, '0003806', 'P', 'Herr', 'Thomas', 'HOFFMANN', NULL, '30.05.1961', 'D', 'thomas.hoffmann@freenet.de', NULL, NULL, NULL, 1, NULL, '2003-10-18 15:04:52');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(64, '0003807', 'P', 'M.', 'Nicolas', 'Bérard', NULL, NULL, 'F', 'nicolas.berard@yahoo.fr', NULL, NULL, NULL, 0, NULL, '2003-11-22 06:09:05');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(65, '0003808', 'P', 'Herr', 'Peter', 'von Arx', NULL, '1967-05-25', 'D', 'petervonarx@bluewin.ch', NULL, '079 890 20 97', NULL, 0, NULL, '2003-12-23 08:46:50');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(66, '0003809', 'P', 'herr', 'DIETER', 'JÄGER', NULL, '1973-04-18', 'DE', 'd.jaeger@yahoo.de', 'n/a', '+49 (0)175 7242170', '+49 30 3162124', 0, NULL, '2004-01-27 02:26:04');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(67, '0003810', 'P', 'Herr', 'Christian', 'Özdemir', NULL, '14.04.1965', NULL, 'christian.oezdemir@gmx.de', '00497617983909', NULL, NULL, 1, NULL, '2004-03-03 03:03:30');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(68, '0003811', 'P', NULL, 'Marie', 'Dubois', NULL, '17/09/1970', 'fr', 'm.dubois@gmail.com', '(33)0502734099', 'keine', NULL, 0, NULL, '2004-04-04 09:48:07');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(69, '0003813', 'P', 'Mme', 'Mélanie', 'Le Gall', NULL, NULL, 'fr', 'm.legall@outlook.fr', NULL, '+33 6 66 99 44 71', NULL, NULL, NULL, '2004-05-02 09:15:48');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(70, '0003817', 'P', 'M.', 'LÉON', 'Pittet', NULL, '2007-06-16', 'F', 'leonpittet@hispeed.ch', '+41 32 209 66 83', NULL, NULL, 0, NULL, '2004-06-11 16:36:35');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(71, '0003818', 'C', NULL, NULL, NULL, 'Le Goff Événements SAS', NULL, 'F', 'billetterie@le-goff-evenements.fr', '+33 (0)4 23 80 11 52', NULL, NULL, 1, NULL, '2004-07-17 01:18:06');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(72, '0003819', 'P', 'Herr', 'Hans', 'Fischer', NULL, '1952-08-19', 'D', 'hans.fischer52@posteo.de', '+494217475704', '+49 (0)177 5136226', NULL, NULL, NULL, '2004-08-12 09:46:33');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(73, '0003820', 'P', 'Mrs', 'Catriona', 'White', NULL, '17/06/1954', 'en', 'c.white@icloud.com', NULL, '+44 (0)7253 369581', NULL, 1, NULL, '2004-09-16 15:43:12');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(74, '0003823', 'P', 'Frau', 'Helga', 'Meyer', NULL, '28/05/1994', 'D', NULL, NULL, '0174 4004948', NULL, 1, NULL, '2004-10-22 15:26:31');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(75, '0003824', 'P', 'Mme', 'Léa', 'Laurent', NULL, 'unbekannt', 'F', 'lea_laurent@sfr.fr', '(33)0437184913', '07 65 10 15 17', NULL, NULL, NULL, '2004-11-26 14:58:23');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(76, '0003825', 'P', 'Herr', 'Bjorn', 'kruger', NULL, '25.06.1998', 'D', 'bjoern.krueger@posteo.de', '+49 173 1347186', '+49 173 1347186', NULL, 0, NULL, '2004-12-28 04:38:52');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(77, '0003826', 'P', 'Frau', 'Mia', 'KOVACEVIC', NULL, NULL, 'D', 'mia.kovacevic83@bluewin.ch', '079 760 11 20', NULL, NULL, 1, NULL, '2005-02-03 07:22:24');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(78, '0003827', 'C', NULL, NULL, NULL, 'Association Lys Culture', NULL, 'français', 'info@association-lys-culture.ch', '027 682 60 79', '0798704750', NULL, 1, 'Prefers "aisle" seats, no balcony', '2005-03-07 12:18:16');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(79, '0003828', 'P', 'Sig.ra', 'Martina', 'Marino', NULL, '1994-07-31', 'I', 'martina.marino@libero.it', '+39 055 262 9327', '+39 380 496 8122', NULL, 1, NULL, '2005-04-14 08:46:51');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(80, '0003832', 'P', 'Mme', 'Fatima', 'Dupont', NULL, '20/03/1964', 'F', 'f.dupont@gmail.com', '+33 4 99 94 77 08', '06 17 09 36 63', NULL, NULL, NULL, '2005-05-12 14:00:24');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(81, '0003833', 'P', 'Frau', 'Franziska', 'Widmer', NULL, NULL, 'D', NULL, '0041415370179', '+41 79 469 46 82', NULL, 0, NULL, '2005-06-22 13:53:13');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(82, '0003836', 'P', 'Frau', 'Ursula', 'Stöckli', NULL, '24.08.1941', 'DE', 'ursulastoeckli@gmx.ch', '062 341 07 83', '+41783298606', NULL, 0, NULL, '2005-07-28 19:34:46');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(83, '0003838', 'P', 'Frau', 'Anna', 'Neumann', NULL, '20.12.1954', 'D', 'anna.neumann@t-online.de', NULL, '004915221377196', NULL, 1, NULL, '2005-08-23 18:25:53');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(84, '0003839', 'P', 'Frau', 'Mia', 'Roth', NULL, '19730628', 'D', 'mia.roth73@bluewin.ch', NULL, '077 9301790', NULL, NULL, NULL, '2005-09-30 01:37:18');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(85, '0003840', 'P', 'M.', 'Loïc', 'Nguyen', NULL, '19661012', 'fr', ' loic.nguyen@hotmail.fr ', NULL, '0681997853', NULL, 1, NULL, '2005-11-03 14:14:17');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(86, '0003841', 'P', 'Herr', 'Hans', 'Meier', NULL, '30.09.1992', 'D', 'meier.hans@bluewin.ch ', NULL, '075/106.59.09', NULL, 0, NULL, '2005-12-03 07:16:41');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(87, '0003842', 'P', 'Mme', 'Geneviève', 'Nguyen', NULL, '1942-04-09', 'F', 'genevieve.nguyen@protonmail', '0041246689439', NULL, NULL, 0, NULL, '2006-01-13 21:08:59');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(88, '0003843', 'C', NULL, NULL, NULL, 'Martin Événements SARL', NULL, 'F', 'info@martin-evenements.fr', NULL, NULL, NULL, 1, NULL, '2006-02-09 09:44:40');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(89, '0003844', 'P', 'Ms', 'LUCY', 'Green', NULL, '1980-10-19', 'en', 'lucy.green@hotmail.co.uk', NULL, NULL, NULL, 1, NULL, '2006-03-23 14:04:26');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(90, '0003848', 'P', 'Dr', 'Simone', 'Conti', NULL, NULL, 'I', 'simone.conti25@gmail.com', '080 8316594', '335-4280009', NULL, 1, NULL, '2006-04-24 13:54:39');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(91, '0003849', 'P', 'M.', 'François', 'Le goff', NULL, '23/11/1951', 'français', 'francoislegoff@yahoo.fr / francoislegoff@icloud.com', '+33 (0)4 48 15 56 73', '07 61 31 21 04', NULL, 1, NULL, '2006-05-30 02:20:00');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(92, '0003850', 'P', 'Sig.ra', 'Alessia', 'Ferrari', NULL, '13.09.1987', 'I', 'alessia.ferrari@hotmail.com', '+41 91 221 32 99', '0788807838', NULL, 0, NULL, '2006-07-01 00:21:53');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(93, '0003851', 'P', 'M.', 'Théo', 'Dubois', NULL, NULL, 'F', 't.dubois@outlook.fr', '04 07 67 98 29', '(33)0749778300', NULL, 1, NULL, '2006-08-01 16:27:12');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(94, '0003852', 'P', 'Frau', 'Brigitte', 'Steiner', NULL, '1929-04-29', 'D', 'brigitte_steiner@gmail.com', '062 6814223', NULL, NULL, 1, NULL, '2006-09-03 11:42:04');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(95, '0003853', 'P', 'Herr', 'Hans', 'von der Heide', NULL, '2034-10-11', 'D', 'hansvonderheide@posteo.de', '(030) 8936187', NULL, NULL, 1, NULL, '2006-10-13 11:38:20');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(96, '0003854', 'P', NULL, 'Niccolò', 'Giordano', NULL, '2003-11-24', 'I', 'ngiordano@alice.it', '+39 041 535 0614', '335 8224640', NULL, 0, 'Tel. privé: voir fiche papier', '2006-11-11 08:52:38');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(97, '0003855', 'P', 'Herr', 'Michael', 'von der Heide', NULL, '11/12/1962', 'D', 'michael.vonderheide@posteo.de', '030 90531047', NULL, NULL, NULL, NULL, '2006-12-14 05:02:52');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(98, '0003859', 'P', 'Mme', 'Anaïs', 'Müller', NULL, '2002-09-14', 'français', 'anais.muller@yahoo.fr', '04 23 20 74 06', '0624708915', NULL, 1, NULL, '2007-01-18 08:43:36');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(99, '0003860', 'C', NULL, NULL, NULL, 'Theater am Bären', NULL, 'D', 'kasse@theater-am-baren.ch', '0522237504', NULL, '0524469847', NULL, NULL, '2007-02-24 03:27:35');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(100, '0003864', 'P', NULL, 'Eleanor', 'hughes', NULL, '1998-07-01', 'E', 'eleanor.hughes@outlook.com', NULL, '07609077286', '+441145047926', 0, NULL, '2007-04-03 12:06:02');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(101, '0003868', 'P', 'Mme', 'céline', 'Golay', NULL, '1999-04-09', 'fr', 'c.golay@sunrise.ch', NULL, '+41 79 297 27 96', NULL, 0, NULL, '2007-04-30 12:41:06');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(102, '0003869', 'P', 'M.', 'GÉRARD', 'LE GOFF', NULL, '31/07/1962', 'F', 'gerardlegoff@gmail.com', '+33 4 09 20 56 85', NULL, NULL, 1, NULL, '2007-06-04 17:52:01');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(103, '0003870', 'P', 'Herr', 'Christian', 'Berisha', NULL, '05/08/1969', NULL, NULL, '+41 62 812 38 43', NULL, NULL, NULL, NULL, '2007-07-12 05:26:23');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(104, '0003872', 'C', NULL, NULL, NULL, 'Stadttheater Basel', NULL, 'Deutsch', 'office@stadttheater-basel.ch; office@hotmail.co.uk', '+41613877237', NULL, NULL, 1, NULL, '2007-08-15 06:48:43');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(105, '0003875', 'P', 'Frau', 'Hannah', 'Meyer', NULL, NULL, 'Deutsch', 'hannah_meyer@gmail.com', '041 734 04 37', '0041777867700', NULL, 1, NULL, '2007-09-13 17:16:30');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(106, '0003876', 'P', 'Herr', 'Urs', 'Schröder', NULL, '20.07.1957', 'D', 'urs.schroeder@outlook.de', NULL, '0171 61039519', NULL, 1, NULL, '2007-10-16 00:09:41');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(107, '0003877', 'P', NULL, 'Heidi', 'Bächtold', NULL, '27.10.1975', 'D', 'h.baechtold@bluewin.ch', '032 6970990', NULL, NULL, 0, NULL, '2007-11-25 19:41:23');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(108, '0003878', 'P', 'Mrs', 'Priya', 'Evans', NULL, NULL, 'E', 'p.evans@gmail.com', '00441618914154', '07225783279', NULL, 0, NULL, '2007-12-22 21:15:51');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(109, '0003879', 'P', 'FRAU', 'Monika', 'Graf', NULL, '04.04.1954', 'D', NULL, NULL, '079/651.51.00', NULL, 1, NULL, '2008-02-03 19:06:51');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(110, '0003882', 'P', 'Frau', 'Lea', 'ÖZDEMIR', NULL, '07.04.1949', 'Deutsch', 'lea_oezdemir@gmail.com', '+49 (0)421 8567046', NULL, NULL, 0, NULL, '2008-03-04 02:11:45');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(111, '0003883', 'C', NULL, NULL, NULL, 'Opéra de Paris', NULL, 'fr', NULL, '+33 1 70 83 42 65', '(33)0697916021', NULL, 0, NULL, '2008-04-08 21:14:56');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(112, '0003884', 'P', 'Frau', 'Mia', 'Wyss', NULL, NULL, 'D', 'MWYSS@GMX.CH', '0524583028', '0041762725669', NULL, 0, NULL, '2008-05-14 21:00:12');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(113, '0003885', 'C', NULL, NULL, NULL, 'THÉÂTRE DU GRÜTLI SA', NULL, 'F', 'billetterie@theatre-du-grutli.ch', '021 812 51 42', NULL, NULL, NULL, NULL, '2008-06-15 04:33:15');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(114, '0003886', 'C', NULL, NULL, NULL, 'Gemeinde Küsnacht', NULL, 'DE', 'kasse@gemeinde-kusnacht.ch', '044 553 45 46', NULL, NULL, 0, NULL, '2008-07-20 15:29:14');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(115, '0003887', 'P', 'Frau', 'Jördis', 'Lehmann', NULL, NULL, 'Deutsch', 'joerdis.lehmann@web.de', '+49 (0)351 2978184', '0171-8111359', NULL, 0, NULL, '2008-08-18 11:57:09');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(116, '0003888', 'P', 'Mme', 'Christine', 'Le Goff', NULL, '26/09/1941', 'F', 'christine.legoff@orange.fr', '+33 5 26 67 14 63', '+33 (0)6 02 41 96 76', NULL, 0, NULL, '2008-09-24 19:33:31');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(117, '0003892', 'P', 'Frau', 'VERENA', 'Frei', NULL, NULL, 'D', 'verena.frei58@sunrise.ch', '032 864 23 75', '078 2846839', NULL, 1, NULL, '2008-10-26 00:06:58');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(118, '0003893', 'P', 'Mrs', 'JESSICA', 'ROBINSON', NULL, '1952-04-11', 'en', 'jessica.robinson@gmail.com', '123', '07462153767', NULL, NULL, NULL, '2008-12-06 10:51:56');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(119, '0003894', 'C', NULL, NULL, NULL, 'Garage Le Gall SAS', NULL, 'F', 'info@garage-le-gall.fr', '+33 2 49 08 42 44', NULL, '0269075524', 0, NULL, '2009-01-05 06:56:22');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(120, '0003895', 'P', 'M.', '', 'Monnier', NULL, NULL, 'français', 'francois.monnier@gmail.com', NULL, NULL, NULL, 0, NULL, '2009-02-08 19:21:04');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(121, '0003896', 'C', '', NULL, NULL, 'Comune di Mendrisio', NULL, NULL, 'biglietteria@comune-di-mendrisio.ch', NULL, NULL, '+41 91 238 04 93', 1, NULL, '2009-03-14 12:10:11');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(122, '0003897', 'C', NULL, NULL, NULL, 'Theater am Rhein', NULL, 'D', 'info@theater-am-rhein.ch', NULL, NULL, NULL, 0, NULL, '2009-04-21 11:57:55');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(123, '0003898', 'C', NULL, NULL, NULL, 'Stiftung von der Heide', NULL, 'Deutsch', 'info@stiftung-von-der-heide.de', '+49 (0)30 49271528', NULL, NULL, 0, NULL, '2009-05-19 01:16:09');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(124, '0003899', 'P', 'M.', 'Frédéric', ' Moreau', NULL, '1948-05-18', 'fr', 'frederic.moreau@laposte.net', '05 98 23 58 29', NULL, NULL, 0, NULL, '2009-06-22 13:39:15');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(125, '0003900', 'P', 'M.', 'Michel', 'Perret', NULL, '11.09.1962', 'F', 'michel.perret03@gmx.ch', '+41 27 308 21 90', NULL, NULL, 1, NULL, '2009-07-30 06:41:59');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(126, '0003901', 'P', 'Frau', 'Heidi', 'Näf', NULL, NULL, 'DE', 'heidi.naef90@bluewin.ch', NULL, '+41 76 754 11 24', NULL, 1, NULL, '2009-08-30 08:31:20');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(127, '0003902', 'P', 'Sig.ra', 'Ginevra', 'Dell''Acqua', NULL, '1961-11-05', 'I', 'ginevra.dellacqua@virgilio.it', '+390514354860', '3283067631', NULL, NULL, NULL, '2009-10-09 08:22:50');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(128, '0003903', 'C', NULL, NULL, NULL, 'Pharmacie du Rhône', NULL, 'fr', 'secretariat@pharmacie-du-rhone.fr', NULL, NULL, '+33 (0)4 34 65 68 12', NULL, NULL, '2009-11-12 23:09:18');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(129, '0003904', 'C', NULL, NULL, NULL, 'Garage Meylan SA', NULL, 'fr', 'info@garage-meylan.ch', '027 405 52 21', NULL, NULL, 0, NULL, '2009-12-14 10:08:30');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(130, '0003905', 'P', 'Herr', 'Uwe', 'Keller', NULL, '1959-02-11', 'DE', 'uwekeller@bluewin.ch', '+41449165303', '0041764897995', NULL, 1, NULL, '2010-01-19 08:08:35');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(131, '0003906', 'P', NULL, 'Christine', 'Lefèvre', NULL, '?', 'F', 'christinelefevre@yahoo.fr', '+33 4 68 91 31 02', '06 13 71 61 71', NULL, 1, NULL, '2010-02-16 13:47:26');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(132, '0003910', 'P', 'M.', 'Jean-Marc', 'Jaccard', NULL, NULL, 'français', 'jean-marc.jaccard@bluewin.ch', '0041243711913', '+41791026361', NULL, 0, NULL, '2010-03-23 21:00:26');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(133, '0003911', 'P', 'Mme', 'Sophie', 'BENALI', NULL, '25/01/1982', 'F', 'benali.sophie@free.fr', '+33 5 35 95 36 10', '0718828776', NULL, 0, NULL, '2010-04-27 00:06:19');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(134, '0003912', 'P', 'Frau', 'Hannah', 'Bächtold', NULL, '2007-11-11', 'DE', 'hannah.baechtold@gmx.ch', NULL, NULL, NULL, 0, 'Ha pagato in contanti "sempre"', '2010-06-04 14:01:13');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(135, '0003915', 'C', NULL, NULL, NULL, 'Théâtre du Passage SAS', NULL, 'F', 'info@theatre-du-passage.fr', NULL, NULL, NULL, 1, NULL, '2010-07-04 03:47:29');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(136, '0003919', 'P', 'M. ', 'BENOÎT', 'GIRARD', NULL, '12/07/1946', 'F', 'benoit.girard46@hotmail.fr', '+33 1 55 02 62 26', '06 68 12 94 10', NULL, 0, NULL, '2010-08-10 15:59:36');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(137, '0003920', 'P', 'Dr', NULL, 'reymond', NULL, '27/06/1962', 'F', NULL, NULL, NULL, NULL, 0, NULL, '2010-09-12 09:52:02');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(138, '0003921', 'P', 'herr', 'Stefan', 'von Büren', NULL, NULL, 'D', 'stefan_vonbueren@hotmail.com', NULL, '076/713.21.01', NULL, 1, NULL, '2010-10-13 20:33:11');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(139, '0003922', 'P', 'Ms', 'Zoë', 'patel', NULL, NULL, 'E', 'z.patel@btinternet.com', NULL, '07048 047988', NULL, 1, NULL, '2010-11-21 01:41:39');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(140, '0003923', 'C', NULL, NULL, NULL, 'Kulturverein Bonn', NULL, 'D', 'Sekretariat@Kulturverein-Bonn.de', '+49 228 2874500', NULL, '0228 8376741', 0, NULL, '2010-12-18 21:07:27');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(141, '0003924', 'P', NULL, 'Maria', 'Yılmaz', NULL, NULL, 'D', 'maria.yilmaz@t-online.de', '069/52488345', '00491713471900', NULL, 0, NULL, '2011-01-29 23:56:03');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(142, '0003925', 'P', 'Herr', 'Martin', 'Kovačević', NULL, NULL, 'Deutsch', NULL, NULL, NULL, NULL, 1, NULL, '2011-03-02 11:15:16');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(143, '0003929', 'P', 'mme', 'Céline', 'DA SILVA', NULL, '1935-02-08', NULL, 'celine.dasilva@bluewin.ch', NULL, '079 142 02 52', NULL, 1, NULL, '2011-04-02 11:21:36');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(144, '0003930', 'C', NULL, NULL, NULL, 'Fondazione Niccolò', NULL, 'I', 'info@fondazione-niccolo.it', '0039 041 6729905', NULL, NULL, 1, NULL, '2011-05-08 11:26:11');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(145, '0003931', 'C', NULL, NULL, NULL, 'Berisha Events AG', NULL, 'Deutsch', 'info@berisha-events.ch', '0444030132', NULL, NULL, 0, NULL, '2011-06-12 05:31:19');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(146, '0003932', 'P', 'Herr', 'Stefan', 'Huber', NULL, '19631007', 'DE', 'stefan.huber@gmail.com', '0041328321103', '079 539 87 64', NULL, 1, NULL, '2011-07-18 21:44:09');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(147, '0003933', 'P', 'M.', 'François', 'André', NULL, '20/03/1933', 'F', 'francois.andre@gmail.com', '03 40 69 21 40', '06 79 94 49 00', NULL, 0, NULL, '2011-08-18 11:21:49');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(148, '0003937', 'P', 'Sig. ', 'Simone', 'russo', NULL, NULL, 'it', 'simone _russo@gmail.com', '091 7457968', NULL, NULL, 1, NULL, '2011-09-23 18:57:39');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(149, '0003938', 'P', 'Frau', 'Sabine', 'Weber', NULL, '1945-10-14', 'D', 'sabineweber@gmail.com', '0049696679049', '0175 61718732', NULL, NULL, NULL, '2011-10-25 11:37:58');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(150, '0003939', 'P', 'Sig.ra', 'Paola', 'DI STEFANO', NULL, '23/08/1984', 'I', 'paola.distefano@gmail.com', '0039 031 6515684', '380 3053024', NULL, NULL, NULL, '2011-11-24 05:12:51');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(151, '0003940', 'P', 'Frau', 'Anne-Marie', 'Klein', NULL, '23.06.1993', 'D', NULL, '(089) 6615519', NULL, NULL, 0, NULL, '2012-01-03 06:31:08');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(152, '0003941', 'P', 'Frau', 'Hannah', 'Jäger', NULL, '07/02/2007', 'D', 'hannah.jaeger@gmail.com', '040/28987449', NULL, NULL, 1, NULL, '2012-02-09 04:15:13');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(153, '0003942', 'P', 'Frau', 'Claudia', 'Moser', NULL, NULL, 'D', 'claudia.moser@yahoo.com', NULL, NULL, NULL, 0, 'Allergie: Nüsse', '2012-03-08 07:02:27');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(154, '0003943', 'P', 'Frau', 'Verena', 'Jäger', NULL, NULL, 'Deutsch', 'v.jaeger@gmail.com', '00496218990195', '0174 5098262', NULL, 0, NULL, '2012-04-10 11:04:48');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(155, '0003944', 'P', 'M.', 'Léon', 'Müller', NULL, NULL, 'F', 'leon.muller@wanadoo.fr', NULL, NULL, NULL, 1, NULL, '2012-05-17 10:59:47');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(156, '0003945', 'P', 'Herr', 'Hans', 'von der Heide', NULL, '1971-12-18', 'D', 'hans.vonderheide71@gmx.de', NULL, '+491798403190', NULL, 1, NULL, '2012-06-23 11:45:03');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(157, '0003946', 'P', 'Mme', 'Christine', 'ROUSSEAU', NULL, NULL, NULL, NULL, '04 48 11 57 56', NULL, NULL, 1, NULL, '2012-07-22 14:26:26');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(158, '0003947', 'P', 'M.', 'René', 'de la Tour', NULL, '21/02/1935', 'F', 'rene_delatour@gmail.com', NULL, NULL, NULL, NULL, NULL, '2012-08-22 10:41:18');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(159, '0003948', 'P', 'M.', 'André', 'Laurent', NULL, NULL, 'fr', 'andre.laurent@ orange.fr', '04 30 81 55 38', '07 76 29 69 92', NULL, 0, NULL, '2012-10-04 15:40:29');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(160, '0003949', 'P', 'Frau', 'Bärbel', 'Bächtold', NULL, '1956-04-21', 'D', 'baerbel.baechtold@hispeed.ch', '+41 52 237 34 52', NULL, NULL, NULL, NULL, '2012-11-01 05:31:16');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(161, '0003950', 'P', 'M.', 'MATHIEU', 'Dupont', NULL, '1971-06-18', 'F', 'mathieu.dupont30@gmail.com', '0326728950', '+41 75 382 05 54', NULL, NULL, NULL, '2012-12-08 17:34:24');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(162, '0003951', 'P', 'Frau', 'Barbara', 'KELLER', NULL, NULL, 'DE', 'barbarakeller bluewin.ch', '052 694 71 43', '079 466 40 90', NULL, NULL, NULL, '2013-01-14 20:02:28');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(163, '0003952', 'P', 'M.', 'Mehdi', 'Berthoud', NULL, '19430130', 'français', 'berthoud.mehdi@yahoo.com', NULL, '077 927 80 19', NULL, 1, NULL, '2013-02-14 18:50:49');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(164, '0003953', 'P', 'M.', 'JACQUES', 'Meylan', NULL, '1944-08-16', 'F', NULL, NULL, '0041795950309', NULL, NULL, NULL, '2013-03-17 13:07:59');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(165, '0003954', 'C', NULL, NULL, NULL, 'Musikgesellschaft Hannover', NULL, 'D', 'kontakt@musikgesellschaft-hannover.de', '+49 (0)511 5993008', NULL, NULL, 1, 'Attention: doublon possible, vérifier l''adresse', '2013-04-19 23:08:17');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(166, '0003955', 'P', 'Mme', 'Julie', 'LAMBERT', NULL, '31/09/1974', 'fr', NULL, '04 82 76 50 20', '+33 6 08 87 02 36', NULL, 1, NULL, '2013-05-27 12:18:41');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(167, '0003956', 'P', 'M.', 'Michel', 'Nguyen', NULL, '17/10/1929', 'F', 'michel.nguyen@gmail.com', NULL, '(33)0758106278', NULL, 0, NULL, '2013-06-26 03:14:43');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(168, '0003957', 'P', 'Herr', 'Stefan', 'Yılmaz', NULL, '19681213', 'D', 'stefan.yilmaz89@gmx.de; stefan.yilmaz89@outlook.com', NULL, NULL, NULL, 0, NULL, '2013-07-30 02:36:47');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(169, '0003958', 'P', 'Frau', 'Käthi', 'Kovačević', NULL, '20030406', 'D', 'k.kovacevic@bluewin.ch', '056 871 20 49', '078/970.00.94', NULL, 1, NULL, '2013-09-05 16:58:58');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(170, '0003959', 'P', 'Mme', 'Marie-Claude', 'Dupont', NULL, NULL, 'F', 'marie-claude.dupontwanadoo.fr', NULL, '(33)0701326507', NULL, 1, NULL, '2013-10-08 23:10:07');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(171, '0003960', 'P', 'Sig.', 'Mattia', 'BERNASCONI', NULL, '10.02.1997', 'I', 'mbernasconi@gmail.com', '+41 91 833 26 31', '+41 75 441 99 05', NULL, 0, NULL, '2013-11-12 12:59:21');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(172, '0003963', 'P', 'Frau', 'Anne-Marie', 'von Weizsäcker', NULL, NULL, 'D', 'a.vonweizsaecker@gmail.com', '+49 40 37090764', '+49 176 3134087', NULL, 1, NULL, '2013-12-19 05:57:26');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(173, '0003964', 'C', NULL, NULL, NULL, 'Gemeinde Thun', NULL, 'D', 'sekretariat@gemeinde-thun.ch', '0339494296', NULL, NULL, 0, NULL, '2014-01-20 23:03:54');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(174, '0003966', 'P', NULL, 'silvia', 'Fumagalli', NULL, NULL, 'it', 's.fumagalli@gmail.com', NULL, NULL, NULL, 1, NULL, '2014-02-24 13:54:56');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(175, '0003967', 'C', NULL, NULL, NULL, 'Fondation Zufferey', NULL, 'F', 'contact@fondation-zufferey.ch', '021/875.46.55', NULL, '021/638.27.19', 0, NULL, '2014-03-31 02:18:41');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(176, '0003968', 'C', NULL, NULL, NULL, 'Schreinerei Klein GmbH', NULL, 'D', NULL, '0621 5187103', '0172-33027636', NULL, 1, NULL, '2014-05-04 05:27:05');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(177, '0003969', 'P', 'M.', 'Gérard', 'André', NULL, '21.11.1966', 'F', 'gerard.andre@free.fr', '0033387594056', NULL, NULL, 1, NULL, '2014-06-04 23:49:08');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(178, '0003970', 'P', 'Frau', 'Petra', 'Jäger', NULL, '1949-12-19', 'D', 'petra.jaeger@outlook.de', '00496939812928', NULL, NULL, 0, NULL, '2014-07-08 09:24:26');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(179, '0003971', 'P', 'Herr', 'Martin', 'Jäger', NULL, '27.07.1955', 'D', 'martin.jaeger@gmail.com', '+496213975610', '0171 35249805', NULL, 0, NULL, '2014-08-17 15:23:29');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(180, '0003972', 'P', 'M.', 'Nicolas', 'Dubois', NULL, '1934-11-04', 'fr', 'n.dubois@gmx.ch', '021 902 93 11', '079 5829044', NULL, 0, NULL, '2014-09-18 12:24:05');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(181, '0003973', 'P', 'Mlle', 'Sylvie', 'GAILLARD', NULL, '1930-06-14', 'F', NULL, NULL, NULL, NULL, 0, NULL, '2014-10-23 23:56:39');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(182, '0003974', 'P', 'Herr', 'Ueli', 'Meier', NULL, NULL, 'D', 'meier.ueli@outlook.com', '+41813147614', '+41783222325', NULL, 1, NULL, '2014-11-20 17:42:33');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(183, '0003975', 'P', 'FRAU', 'Käthi', 'von Gunten', NULL, 'unbekannt', 'DE', NULL, '061/611.27.48', NULL, NULL, 0, NULL, '2014-12-26 21:47:40');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(184, '0003976', 'P', 'Mme', 'Aurélie', 'Benoît', NULL, '01/09/1973', 'F', 'aurelie.benoit44@laposte.net', '0033581948629', '+33 7 40 79 67 71', NULL, 1, NULL, '2015-02-01 19:59:18');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(185, '0003978', 'P', 'M.', '  Raphaël ', 'Bonnet', NULL, '19780609', 'fr', 'raphael.bonnet97@laposte.net', '04 70 61 45 71', '0796796537', NULL, 1, NULL, '2015-03-01 18:42:47');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(186, '0003979', 'P', 'Frau', 'Corinne', 'Näf', NULL, '30.10.1974', 'D', 'corinne.naef@outlook.com', '061 736 81 32', NULL, NULL, 0, NULL, '2015-04-11 08:28:07');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(187, '0003982', 'C', NULL, NULL, NULL, 'Les Amis du Théâtre de Toulouse', NULL, 'F', NULL, '+33 5 24 14 62 58', NULL, NULL, 0, NULL, '2015-05-11 14:58:52');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(188, '0003983', 'P', 'Herr', 'Jörg', 'Groß', NULL, '05.07.1938', 'D', 'joerg.gross21@posteo.de', NULL, NULL, NULL, NULL, NULL, '2015-06-13 22:14:33');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(189, '0003984', 'P', 'Herr', ' Rüdiger', 'Weiß', NULL, '06/11/1940', 'DE', 'ruediger.weiss@gmx.de', NULL, '00491514760834', NULL, NULL, NULL, '2015-07-23 07:55:09');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(190, '0003985', 'C', '', NULL, NULL, 'Cie du Soleil', NULL, 'F', 'billetterie@cie-du-soleil.fr', '+33 1 29 50 74 67', NULL, NULL, NULL, NULL, '2015-08-21 06:11:18');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(191, '0003989', 'C', NULL, NULL, NULL, 'Lambert & Fils SARL', NULL, 'fr', 'contact@lambert-fils.fr', '+33 1 83 35 63 91', NULL, '01 70 31 89 90', 0, NULL, '2015-09-21 15:14:56');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(192, '0003993', 'P', 'herr', 'Hans-Peter', 'Stöckli', NULL, NULL, 'DE', 'hans-peter.stoeckli24@gmx.ch', NULL, '079 1722890', NULL, 1, NULL, '2015-10-28 13:14:27');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(193, '0003994', 'P', 'Mme', 'Christine', 'Le Goff', NULL, '19/03/1985', 'français', 'c.legoff@orange.fr', NULL, '(33)0784786382', NULL, 0, NULL, '2015-11-28 13:29:03');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(194, '0003995', 'P', 'Herr', 'Jürg', 'Schneider', NULL, NULL, 'D', 'j.schneider@gmx.de', '089 4223645', '+49 178 96673328', NULL, NULL, NULL, '2016-01-02 03:18:46');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(195, '0003996', 'P', 'HERR', 'Hans-Peter', 'HUBER', NULL, '03.02.1935', 'D', NULL, NULL, NULL, NULL, 0, NULL, '2016-02-08 19:50:33');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(196, '0003997', 'P', ' Herr ', 'Günter', 'Näf', NULL, '13/08/1993', 'D', NULL, '052/742.59.24', '078 5955318', NULL, 0, NULL, '2016-03-10 05:50:53');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(197, '0004001', 'C', NULL, NULL, NULL, 'Ville de Bordeaux', NULL, 'F', NULL, '(33)0559520978', NULL, NULL, 0, 'Newsletter returned (bounce), 2x', '2016-04-17 22:56:29');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(198, '0004003', 'C', NULL, NULL, NULL, 'Fondazione Galli', NULL, 'it', 'info@fondazione-galli.ch', '+41914124921', NULL, NULL, NULL, NULL, '2016-05-20 15:43:52');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(199, '0004004', 'P', 'Sig.', 'Fabrizio', 'Di Stefano', NULL, NULL, 'it', 'FABRIZIODISTEFANO@GMAIL.COM', NULL, NULL, NULL, 0, NULL, '2016-06-23 19:46:10');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(200, '0004005', 'C', NULL, NULL, NULL, 'Gemeinde Aarau', NULL, NULL, 'info@gemeinde-aarau.ch', '0625091222', NULL, NULL, 0, NULL, '2016-07-26 02:06:58');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(201, '0004009', 'C', NULL, NULL, NULL, 'Teatro Fenice SA', NULL, 'I', 'info@teatro-fenice.ch', '+41 91 599 79 16', NULL, NULL, 1, NULL, '2016-08-27 23:40:56');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(202, '0004010', 'P', 'Mme', 'Catherine', 'Ferreira  ', NULL, NULL, 'F', 'c.ferreira@bluewin.ch', '+41325769886', NULL, NULL, 0, NULL, '2016-10-07 03:48:47');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(203, '0004013', 'P', 'Mlle', 'Geneviève', 'Favre', NULL, '19770918', 'F', 'genevieve.favre@protonmail.ch', NULL, '0041796844663', NULL, 1, NULL, '2016-11-08 00:26:13');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(204, '0004014', 'P', 'Herr', ' Jörg', 'Kovačević', NULL, NULL, 'DE', 'kovacevic.joerg@hispeed.ch', '0041615323876', '079 8784651', NULL, 0, NULL, '2016-12-07 09:13:50');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(205, '0004015', 'P', 'Mr', 'Andrew', 'Jones', NULL, '00/00/0000', 'en', 'a.jones@outlook.com', NULL, '07210 281002', NULL, 1, NULL, '2017-01-18 20:09:03');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(206, '0004016', 'P', 'sig.ra', 'Lucia', 'giordano', NULL, '13/11/1956', 'I', 'lgiordano@yahoo.it', '080 7818754', '366 5080674', '+39 080 413 3003', 0, NULL, '2017-02-17 17:53:24');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(207, '0004017', 'P', 'FRAU.', 'Hannah', 'kovačević', NULL, '05.06.2005', 'D', 'hkovacevic@outlook.com', '+41812204166', '0759671268', NULL, 1, NULL, '2017-03-21 19:57:57');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(208, '0004018', 'C', NULL, NULL, NULL, 'Konzertagentur Schröder AG', NULL, 'D', 'info@konzertagentur-schroder.de', '0421 3722178', NULL, NULL, 1, NULL, '2017-04-26 03:25:25');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(209, '0004019', 'P', 'Ms', 'Charlotte', 'Thomas', NULL, '1937-12-14', 'en', 'charlotte.thomas37@gmail.com', '+441217370594', NULL, NULL, 0, NULL, '2017-05-29 11:46:06');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(210, '0004020', 'C', NULL, NULL, NULL, 'Teatro Lago S.p.A.', NULL, NULL, 'amministrazione@teatro-lago.it', '010 7554378', NULL, '+39 010 900 8946', 1, 'Tel. privé: voir fiche papier', '2017-07-04 02:55:51');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(211, '0004021', 'P', 'Frau', 'Katharina', 'Meyer', NULL, '11/02/2005', 'DE', 'katharina.meyer@swissonline.ch', '052 745 20 11', NULL, NULL, 0, NULL, '2017-08-08 13:01:10');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(212, '0004022', 'P', 'Sig.', 'Davide', 'Fumagalli', NULL, '08.06.2005', 'it', 'davide.fumagalli@bluewin.ch', '+41 91 396 98 32', NULL, NULL, 0, NULL, '2017-09-12 14:37:16');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(213, '0004023', 'P', 'Sig.ra', 'ROSALBA', 'Cattaneo', NULL, '08/02/1964', 'I', 'rosalba.cattaneo@protonmail.ch', NULL, '+41 78 207 22 85', NULL, 1, NULL, '2017-10-13 10:33:48');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(214, '0004026', 'P', 'Herr', 'Hans-Peter', 'Huber', NULL, '03/02/1935', 'DE', NULL, NULL, NULL, NULL, 0, NULL, '2017-11-20 13:58:21');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(215, '0004027', 'P', 'Mme', 'Noémie', 'Dupont', NULL, '27/01/1988', 'F', 'noemie_dupont@hotmail.com', NULL, '+41 75 924 85 03', '021 347 06 31', 1, NULL, '2017-12-23 00:21:44');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(216, '0004028', 'C', NULL, NULL, NULL, 'FESTIVAL DE LAUSANNE', NULL, 'F', NULL, '0041216044601', NULL, '0041214231889', 0, NULL, '2018-01-25 03:16:30');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(217, '0004029', 'P', 'Mlle', 'Léa', 'Frésard', NULL, '1935-12-21', 'fr', 'lea.fresard@gmail.com', '032 230 79 25', '075 854 56 29', NULL, 0, NULL, '2018-02-28 05:38:04');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(218, '0004030', 'P', 'Mr', 'Jack', 'Robinson', NULL, '15/10/1957', 'E', 'jrobinson@gmail.com', NULL, '07401837701', NULL, 1, NULL, '2018-04-03 03:36:07');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(219, '0004031', 'P', 'Frau', ' Claudia', 'Keller', NULL, '1948-01-27', 'D', 'claudia_keller@hotmail.com', '052 744 28 88', '077 844 86 69', NULL, 0, NULL, '2018-05-12 14:31:02');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(220, '0004032', 'P', 'Mme', 'Catherine', 'Moreau', NULL, '1937-02-12', 'fr', NULL, '04 83 83 00 47', '+33 7 22 70 30 05', NULL, 1, NULL, '2018-06-10 09:29:53');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(221, '0004033', 'C', NULL, NULL, NULL, 'Eventi Arte S.r.l.', NULL, 'I', 'amministrazione@eventi-arte.it', '0039 091 3848185', NULL, NULL, 0, NULL, '2018-07-19 17:31:45');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(222, '0004035', 'P', 'Herr', 'Sven', 'Klein', NULL, '22/06/1961', 'D', 'sven_klein@outlook.de', '0211-4652942', '0170 94853581', NULL, 0, NULL, '2018-08-21 07:14:57');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(223, '0004036', 'P', NULL, 'Martina', 'Romano', NULL, NULL, 'I', 'martina.romano@tiscali.it', '0039 081 9964645', NULL, NULL, 1, NULL, '2018-09-20 00:01:55');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(224, '0004037', 'P', '', 'CATHERINE', 'LEFÈVRE', NULL, NULL, 'F', NULL, '0176230492', '+33 (0)6 60 48 18 15', NULL, 0, NULL, '2018-10-29 07:30:56');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(225, '0004038', 'P', 'Mme', 'Élodie', 'Martin', NULL, '1931-01-10', 'F', 'elodie.martin31@gmx.ch', NULL, '+41778517226', NULL, 0, NULL, '2018-11-26 10:47:47');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(226, '0004039', 'P', 'Herr', 'Urs', 'Fischer', NULL, '19580603', 'DE', 'urs.fischer58@yahoo.de', '(0711) 5570427', NULL, NULL, 1, NULL, '2019-01-05 21:23:36');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(227, '0004040', 'P', 'Mme', NULL, 'Mercier', NULL, '09/10/1981', 'F', 'sophie.mercier@orange.fr', 'xxx', NULL, NULL, 1, NULL, '2019-01-30 13:37:10');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(228, '0004041', 'P', 'Herr', 'Moritz', 'Gerber', NULL, NULL, NULL, NULL, '031 994 28 45', '075 998 81 94', NULL, 1, NULL, '2019-03-12 08:14:07');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(229, '0004043', 'P', 'M.', 'jacques', 'Reymond', NULL, NULL, 'F', 'jacquesreymond@sunrise.ch', '+41 24 386 56 48', NULL, NULL, 1, NULL, '2019-04-13 06:45:39');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(230, '0004044', 'P', 'Mme', 'Joëlle', 'Lambiel', NULL, '1966-02-08', 'F', 'joelle_lambiel@sunrise.ch', NULL, '077 9319191', NULL, 1, NULL, '2019-05-21 03:38:43');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(231, '0004045', 'P', 'herr', 'Uwe', 'kovačević', NULL, NULL, 'Deutsch', 'uwe.kovacevic@sunrise.ch', '044 434 93 20', '+41 76 874 93 47', NULL, 1, NULL, '2019-06-25 07:21:58');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(232, '0004047', 'P', 'Ms', 'Lucy', 'Fitzgerald', NULL, '13.06.1996', 'E', 'lucy.fitzgerald@@icloud.com', '01417989492', NULL, NULL, 1, NULL, '2019-07-24 02:55:23');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(233, '0004048', 'P', 'Herr', 'Jonas', 'Çelik', NULL, NULL, 'Deutsch', 'jonas.celik@freenet.de', NULL, '+49 175 69037332', NULL, 1, NULL, '2019-08-31 07:42:31');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(234, '0004049', 'P', ' Herr ', 'jürg', 'Schulz', NULL, '15.03.1928', 'D', 'juerg.schulz@gmx.de', '040-2975976', '004917429930354', NULL, 0, NULL, '2019-09-30 00:13:14');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(235, '0004050', 'C', NULL, NULL, NULL, 'THEATER AM BÄREN', NULL, 'D', 'kontakt@theater-am-baren.ch', NULL, NULL, NULL, 0, NULL, '2019-11-07 00:08:28');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(236, '0004051', 'P', 'M.', 'Jacques', 'Rossier', NULL, '20/08/1970', 'F', 'jacquesrossier@protonmail.ch', NULL, '+41 76 821 87 25', NULL, 0, NULL, '2019-12-04 04:33:55');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(237, '0004053', 'P', 'Frau', NULL, 'Özdemir', NULL, '29.11.1948', 'D', 'h.oezdemir@posteo.de', '0911 6736879', '0170-5406135', NULL, 1, NULL, '2020-01-11 21:10:42');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(238, '0004054', 'P', NULL, 'Roberto', 'MAZZÀ', NULL, 'inconnu', 'I', NULL, '+39 081 325 1993', '3921219478', NULL, 1, NULL, '2020-02-14 14:20:45');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(239, '0004056', 'P', 'Sig.', 'STEFANO', 'Pellegrini', NULL, NULL, 'I', 'stefano.pellegrini99@gmail.com', '0039 06 86285791', '0039 345 6424634', NULL, 0, NULL, '2020-03-15 16:22:36');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(240, '0004057', 'P', ' M. ', 'Thomas', 'N''Diaye', NULL, '2002-02-20', 'F', 'thomas.ndiaye02@orange.fr', '03 55 75 49 24', '06 76 04 14 96', NULL, 1, NULL, '2020-04-25 18:14:44');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(241, '0004058', 'P', 'Mr', 'Stephen', 'Khan', NULL, '19/06/1988', 'E', NULL, '01223 965088', '07858 544980', NULL, 0, NULL, '2020-05-24 07:23:16');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(242, '0004059', 'P', 'Herr', 'Hans', 'Nowak', NULL, '1997-02-15', 'Deutsch', 'hans.nowak97@freenet.de', '0761 3867335', NULL, NULL, 1, NULL, '2020-07-04 14:19:38');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(243, '0004063', 'P', 'Sig.ra', 'Valentina', 'Moretti', NULL, '07/01/1985', 'I', 'valentina.moretti85@libero.it', NULL, '+393498913569', NULL, 1, NULL, '2020-07-29 00:17:36');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(244, '0004067', 'P', NULL, 'Maria Grazia', 'D''Angelo', NULL, '25/06/1980', 'it', 'mariagrazia.dangelo@libero.it', '041 3516341', '339 3896022', NULL, 0, NULL, '2020-09-05 08:52:06');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(245, '0004069', 'P', 'Frau', 'Nadine', 'von Gunten', NULL, '06.09.1939', 'D', 'nadine.vongunten@bluewin.ch', NULL, '077 875 62 19', NULL, 0, NULL, '2020-10-13 19:42:58');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(246, '0004070', 'C', NULL, NULL, NULL, 'BRONTË PRODUCTIONS LTD', NULL, 'en', 'info@bronte-productions.co.uk', '0151 973 2316', NULL, NULL, 1, NULL, '2020-11-11 01:28:29');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(247, '0004072', 'P', 'M.', 'PHILIPPE', 'DURAND', NULL, '1932-07-05', 'F', 'philippe.durand@sfr.fr', NULL, '07 00 63 75 08', NULL, 1, NULL, '2020-12-18 11:02:13');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(248, '0004073', 'P', 'Herr', 'Matthias', 'Çelik', NULL, NULL, 'Deutsch', NULL, '0511 8361071', '0172-9299114', NULL, NULL, NULL, '2021-01-19 14:13:43');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(249, '0004074', 'P', NULL, 'Jessica', 'Brontë', NULL, '24/02/1929', 'E', NULL, NULL, NULL, NULL, NULL, NULL, '2021-02-26 00:32:05');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(250, '0004075', 'P', 'Frau', 'Regula', 'Schneider', NULL, '1936-14-18', 'DE', 'regula.schneider@bluewin.ch', NULL, '077 873 68 27', NULL, 1, NULL, '2021-03-24 11:43:04');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(1, 1, 'MAIN', 'Via Municipio, 12', NULL, '6830', 'Chiasso', NULL);
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(2, 3, 'MAIN', 'Via XX Settembre, 130', NULL, '50136', 'FIRENZE', 'IT');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(3, 3, 'BILL', 'Viale Europa', 'Amministrazione', '50125', 'Firenze', 'Italia');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(4, 4, 'MAIN', '32 Abbey Road', NULL, 'CF24 9EW', 'Cardiff', 'UK');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(5, 5, 'MAIN', 'Via Mazzini, 119', NULL, '24123', 'Bergamo', 'Italia');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(6, 6, 'MAIN', '38 Park Avenue', NULL, 'S1 4FN', 'Sheffield', 'United Kingdom');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(7, 7, 'MAIN', '101, allée des Tilleuls', NULL, '31399', 'Toulouse', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(8, 8, 'MAIN', 'Bernstrasse 17', NULL, '2502', 'Biel/Bienne', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(9, 9, 'MAIN', 'Rue du Lac 18', NULL, '1820', 'Montreux', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(10, 10, 'MAIN', '5 rue Émile-Zola', NULL, '38043', 'Grenoble', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(11, 11, 'MAIN', 'Mühlenweg 9', NULL, '14161', 'Berlin', 'Germany');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(12, 12, 'MAIN', 'Via Mazzini', NULL, '40125', 'Bologna', 'Italia');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(13, 13, 'MAIN', '24 MILL LANE', NULL, 'B15 8QW', 'Birmingham', 'United Kingdom');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(14, 14, 'MAIN', 'Marktgasse 22', NULL, '8700', 'KUSNACHT', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(15, 17, 'MAIN', 'Hauptstrasse 17', NULL, '5001', 'Aarau', 'ch');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(16, 18, 'MAIN', 'Rosenweg 192', NULL, '3021', 'Bern', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(17, 19, 'MAIN', '182 Station Road', NULL, 'S1 4FT', 'Sheffield', 'GB');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(18, 20, 'MAIN', '192 Baker Street', 'PO Box 81', 'E1 4EL', 'London', 'United Kingdom');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(19, 21, 'MAIN', '11 St John''s Wood Road', NULL, 'EH1 1DU', 'Edinburgh', 'GB');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(20, 22, 'MAIN', 'Avenue du Léman 18', NULL, '1951', 'Sion', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(21, 23, 'MAIN', 'Hauptstraße 19', NULL, '79106', 'Freiburg im Breisgau', 'Deutschland');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(22, 24, 'MAIN', '232 High Street', NULL, 'CB2 5AH', 'Cambridge', 'UK');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(23, 25, 'MAIN', 'Chemin de la Forêt 15', 'CP 836', '2300', 'La Chaux-de-Fonds', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(24, 26, 'MAIN', 'Münchner Straße 36', 'c/o Daniel Lehmann', '04246', 'Leipzig', 'Germany');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(25, 27, 'MAIN', '20 quai de la Loire', NULL, '31429', 'Toulouse', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(26, 27, 'BILL', '33 av. Foch', 'Comptabilité', '31050', 'Toulouse', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(27, 28, 'MAIN', 'Bahnhofstrasse 22', NULL, '6300', 'Zug', 'ch');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(28, 29, 'MAIN', 'CHEMIN DE LA FORÊT 1', NULL, '1700', 'Fribourg', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(29, 30, 'MAIN', 'Unter den Linden 7', NULL, '60373', 'Frankfurt am Main', 'DE');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(30, 30, 'BILL', 'Königsallee 26', 'Buchhaltung', '60509', 'Frankfurt am Main', 'DE');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(31, 31, 'MAIN', 'Poststrasse 28', NULL, '3601', 'Thun', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(32, 32, 'MAIN', 'Boulevard Carl-Vogt 9', NULL, '1920', 'Martigny', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(33, 33, 'MAIN', '70 Queen Street', NULL, 'BT17BT', 'Belfast', 'GB');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(34, 34, 'MAIN', '26 Victoria Road', 'Unit 2', 'BT9 9AH', 'Belfast', 'UK');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(35, 35, 'MAIN', 'Boulevard Carl-Vogt 33', NULL, '1630', 'Bulle', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(36, 36, 'MAIN', 'Karl-Marx-Allee 47', NULL, '50903', 'KOLN', 'Deutschland');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(37, 37, 'MAIN', 'Kirchweg 25', NULL, '8200', 'Schaffhausen', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(38, 38, 'MAIN', '10 Baker Street', NULL, 'BN2 9YE', 'Brighton', 'United Kingdom');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(39, 40, 'MAIN', '239 chemin du Moulin', NULL, '06252', 'Nice', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(40, 41, 'MAIN', 'Goethestraße 34', NULL, '53158', 'BONN', 'DE');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(41, 42, 'MAIN', 'Karl-Marx-Allee 17', NULL, '81143', 'München', 'DE');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(42, 43, 'MAIN', 'Lungolago Motta 16', NULL, '6616', 'Losone', 'Svizzera');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(43, 43, 'BILL', 'Piazza Grande, 37', NULL, '6600', 'Locarno', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(44, 44, 'MAIN', 'Dorfstrasse 38', NULL, '6004', 'Luzern', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(45, 45, 'MAIN', '208 av. Foch', NULL, '59475', 'Lille', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(46, 46, 'MAIN', 'Bahnhofstraße 148', NULL, '11646', 'Berlin', 'DE');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(47, 47, 'MAIN', 'ZÜRCHERSTRASSE 19', NULL, '8700', 'Küsnacht', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(48, 48, 'MAIN', '3 The Crescent', NULL, 'LS6 3WN', 'LEEDS', 'UK');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(49, 49, 'MAIN', 'Kramgasse 134', NULL, '6300', 'Zug', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(50, 50, 'MAIN', '27 rue de la RÃ©publique', NULL, '34084', 'Montpellier', 'France');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(51, 51, 'MAIN', 'Feldstrasse 27', 'Postfach', '8200', 'Schaffhausen', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(52, 51, 'BILL', 'Marktgasse 6', 'Buchhaltung', '8200', 'Schaffhausen', 'Switzerland');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(53, 52, 'MAIN', 'Karl-Marx-Allee 37', NULL, '01303', 'Dresden', 'Deutschland');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(54, 53, 'MAIN', 'Industriestrasse 40', NULL, '8041', 'Zürich', NULL);
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(55, 53, 'BILL', 'Bahnhofstrasse 38', NULL, '5400', 'Baden', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(56, 54, 'MAIN', 'Oxford St', NULL, 'NG7 4TF', 'nottingham', 'UK');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(57, 55, 'MAIN', 'Place de la Palud 89', NULL, '2800', 'Delémont', 'Switzerland');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(58, 56, 'MAIN', 'Dorfstrasse 190', NULL, '8051', 'Zürich', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(59, 57, 'MAIN', 'Kastanienweg 32', NULL, '01221', 'Dresden', 'DE');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(60, 58, 'MAIN', 'Viale Europa, 180', NULL, '50131', 'Firenze', 'IT');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(61, 59, 'MAIN', '37 place de la Mairie', NULL, '33448', 'Bordeaux', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(62, 60, 'MAIN', 'Seestrasse 1', NULL, '6300', 'Zug', 'ch');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(63, 61, 'MAIN', 'Rosenweg 14', 'Hinterhaus', '9010', 'St. Gallen', 'Schweiz');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(64, 62, 'MAIN', 'Zürcherstrasse 223', NULL, NULL, 'biel/bienne', 'Schweiz');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(65, 63, 'MAIN', 'Lindenallee 8', NULL, '79115', 'FREIBURG IM BREISGAU', 'DE');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(66, 64, 'MAIN', '9 rue Pasteur', NULL, '59247', 'Lille', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(67, 65, 'MAIN', 'Hauptstrasse 13 ', NULL, '8006', 'Zürich', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(68, 66, 'MAIN', 'Friedrichstraße 10', NULL, '11008', 'Berlin', 'DE');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(69, 67, 'MAIN', 'Friedrichstraße 33', NULL, '79106', 'Freiburg im Breisgau', 'Deutschland');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(70, 68, 'MAIN', '39 rue Pasteur', NULL, '33762', 'Bordeaux', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(71, 68, 'BILL', '10 chemin du Moulin', NULL, '38045', 'GRENOBLE', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(72, 69, 'MAIN', '12 rue Émile-Zola', NULL, '38081', 'grenoble', 'France');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(73, 70, 'MAIN', 'Place de la Palud 89', NULL, '2800', 'Delémont', 'Suisse');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(74, 71, 'MAIN', '29 chemin du Moulin', NULL, '13014', 'MARSEILLE', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(75, 71, 'BILL', '50 rue des Écoles', 'Comptabilité', '13007', 'MARSEILLE', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(76, 72, 'MAIN', 'Ringstraße 25', NULL, '28644', 'Bremen', 'DE');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(77, 73, 'MAIN', '18 Victoria Road', NULL, 'SE10 6ET', 'LONDON', 'UK');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(78, 73, 'BILL', '28 Station Road', NULL, 'B1 5NE', 'Birmingham', 'UK');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(79, 74, 'MAIN', 'Am Markt 17', NULL, '90476', 'Nurnberg', 'DE');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(80, 75, 'MAIN', '12, rue des Écoles', NULL, '69005', 'Lyon', 'France');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(81, 77, 'MAIN', 'gartenstrasse 6', NULL, '3608', 'Thun', 'ch');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(82, 78, 'MAIN', 'Rue de l''Hôpital 11', NULL, '1950', 'Sion', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(83, 80, 'MAIN', '38 rue Nationale', NULL, '13014', 'Marseille', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(84, 81, 'MAIN', 'BERNSTRASSE 192', NULL, '6006', 'LUZERN', NULL);
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(85, 83, 'MAIN', 'Schillerstraße 98 ', NULL, '01204', 'Dresden', 'Deutschland');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(86, 84, 'MAIN', 'Kirchweg 30', NULL, '8700', 'Küsnacht', 'Switzerland');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(87, 85, 'MAIN', '208 impasse des Lilas', NULL, '21000', 'Dijon', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(88, 87, 'MAIN', 'Quai du Mont-Blanc 39', '2e étage', NULL, 'Yverdon-les-Bains', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(89, 88, 'MAIN', '11 rue Nationale', NULL, '34074', 'Montpellier', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(90, 89, 'MAIN', '40 Park Avenue', NULL, 'CF11 2ZZ', 'Cardiff', 'UK');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(91, 91, 'MAIN', '74 impasse des Lilas ', NULL, '01000', 'BOURG-EN-BRESSE', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(92, 92, 'MAIN', 'Via ai Monti 3', NULL, '6600', 'Muralto', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(93, 93, 'MAIN', '35 place de la Mairie', NULL, '74100', 'Annemasse', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(94, 95, 'MAIN', 'Lindenallee 20', NULL, '10295', 'BERLIN', 'Deutschland');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(95, 96, 'MAIN', 'Via Mazzini, 2', NULL, '30151', 'VENEZIA', 'IT');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(96, 97, 'MAIN', 'Bahnhofstraße 184', NULL, '12266', 'Berlin', 'Germany');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(97, 98, 'MAIN', '28 rue des Écoles', NULL, '01000', 'Bourg-en-Bresse', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(98, 99, 'MAIN', 'Poststrasse 23', 'Hinterhaus', '8500', 'Frauenfeld', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(99, 100, 'MAIN', '119 Green Lane', NULL, 's10 6uz', 'Sheffield', 'UK');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(100, 101, 'MAIN', 'PLACE DE LA PALUD 35', NULL, '1204', 'Genève', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(101, 102, 'MAIN', '4 rue de la République', NULL, '38015', 'Grenoble', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(102, 103, 'MAIN', 'Kirchweg 200', NULL, '5004', 'AARAU', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(103, 104, 'MAIN', 'Marktgasse 69a', NULL, '4012', 'Basel', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(104, 105, 'MAIN', 'Marktgasse 22', NULL, 'CH-6300', 'Zug', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(105, 106, 'MAIN', 'Königsallee 27', NULL, '79108', 'freiburg im breisgau', 'Deutschland');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(106, 107, 'MAIN', 'Bahnhofstrasse 25', NULL, '2502', 'Biel/Bienne', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(107, 110, 'MAIN', 'Karl-Marx-Allee 148', NULL, '28504', 'Bremen', 'DE');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(108, 111, 'MAIN', '8 rue de la République', NULL, '75003', 'Paris', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(109, 112, 'MAIN', 'Rosenweg 8', NULL, '8407', 'Winterthur', NULL);
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(110, 113, 'MAIN', 'Boulevard Carl-Vogt 28', '7e étage', '1820', 'MONTREUX', 'Switzerland');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(111, 114, 'MAIN', 'Kramgasse 4', NULL, '8700', 'Küsnacht', 'ch');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(112, 115, 'MAIN', 'Friedrichstraße 57', NULL, '01291', 'dresden', 'DE');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(113, 116, 'MAIN', '79 rue Pasteur', NULL, '31113', 'Toulouse', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(114, 117, 'MAIN', 'Seestrasse 147', 'Postfach 4', '4500', 'Solothurn', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(115, 118, 'MAIN', 'Flat 14, 18 St John''s Wood Road', NULL, 'EH2 7LD', 'Edinburgh', 'GB');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(116, 119, 'MAIN', '26 rue du Faubourg Saint-Honoré', NULL, '35280', 'Rennes', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(117, 120, 'MAIN', 'Quai du Mont-Blanc 92', NULL, '1260', 'Nyon', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(118, 122, 'MAIN', 'Bernstrasse 29', NULL, '2503', 'Biel/Bienne', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(119, 122, 'BILL', 'Kramgasse 14', 'Buchhaltung', '2502', 'Biel/Bienne', 'Switzerland');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(120, 123, 'MAIN', 'Königsallee 9 ', 'Hinterhaus', '14028', 'Berlin', 'Deutschland');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(121, 124, 'MAIN', '22 rue Émile-Zola', NULL, '31079', 'Toulouse', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(122, 125, 'MAIN', 'Rue du Lac 94', NULL, '1951', 'Sion', 'Suisse');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(123, 125, 'BILL', 'Chemin des Vignes 38', NULL, '2000', 'Neuchâtel', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(124, 126, 'MAIN', 'Kirchweg 4A', NULL, '4500', 'Solothurn', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(125, 128, 'MAIN', '125 quai de la Loire', NULL, '34055', 'MONTPELLIER', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(126, 128, 'BILL', '6 rue des Écoles', 'Comptabilité', '34062', 'Montpellier', 'France');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(127, 129, 'MAIN', 'Quai du Mont-Blanc 29', NULL, '1920', 'Martigny', 'Switzerland');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(128, 130, 'MAIN', 'Industriestrasse 30', NULL, '8033', 'Zürich', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(129, 131, 'MAIN', '37bis rue du Général-de-Gaulle', NULL, '42092', 'Saint-Étienne', 'France');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(130, 132, 'MAIN', 'Boulevard Carl-Vogt 16', NULL, '1400', 'Yverdon-les-Bains', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(131, 134, 'MAIN', 'Schulstrasse 13', NULL, '8015', 'ZURICH', 'ch');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(132, 135, 'MAIN', '95 rue pasteur', NULL, '31427', 'Toulouse', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(133, 135, 'BILL', '27 rue de Rivoli ', 'Comptabilité', '31415', 'Toulouse', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(134, 136, 'MAIN', '26 cours Lafayette', NULL, '75007', 'Paris', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(135, 137, 'MAIN', 'Quai du Mont-Blanc 209', NULL, '1227', 'Carouge', NULL);
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(136, 138, 'MAIN', 'Marktgasse 237', NULL, '5002', 'Aarau', 'Switzerland');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(137, 139, 'MAIN', '13 Oxford Street ', NULL, 'M4 5AQ', 'Manchester', NULL);
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(138, 140, 'MAIN', 'Hauptstraße', NULL, '53118', 'Bonn', 'Germany');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(139, 141, 'MAIN', 'Berliner Straße 25', NULL, '60402', 'Frankfurt am Main', 'DE');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(140, 142, 'MAIN', 'Seestrasse 32', NULL, '9007', 'St. Gallen', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(141, 143, 'MAIN', 'Rue Centrale 97', NULL, '1820', 'Montreux', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(142, 144, 'MAIN', 'Viale Europa 163', NULL, '30121', 'Venezia', 'IT');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(143, 144, 'BILL', 'Via Libertà 22', 'Amministrazione', '30133', 'VENEZIA', 'Italia');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(144, 145, 'MAIN', 'Kirchweg 37', NULL, '8008', 'Zürich', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(145, 146, 'MAIN', 'Gartenstrasse 24a', 'c/o Jürg Frei', '4500', 'SOLOTHURN', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(146, 146, 'BILL', 'Zürcherstrasse 37', NULL, '5004', 'Aarau', 'Schweiz');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(147, 147, 'MAIN', '34 boulevard Victor-Hugo', NULL, '59600', 'Lille', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(148, 148, 'MAIN', 'Piazza San Marco 40', NULL, '90123', 'Palermo', 'IT');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(149, 149, 'MAIN', 'Goethestraße 239', NULL, '60564', 'Frankfurt am Main', 'Deutschland');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(150, 150, 'MAIN', 'Corso Vittorio Emanuele II 4', NULL, '22100', 'Como', 'IT');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(151, 150, 'BILL', 'Via Libertà 12', NULL, '70131', 'Bari', 'Italia');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(152, 151, 'MAIN', 'Hauptstraße 88', NULL, '80535', 'München', 'DE');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(153, 152, 'MAIN', 'Ringstraße 12', NULL, '22272', 'Hamburg', NULL);
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(154, 153, 'MAIN', 'Marktgasse 87', NULL, '3001', 'Bern', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(155, 154, 'MAIN', 'Karl-Marx-Allee 1', 'Postfach 690', '68215', 'MANNHEIM', 'DE');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(156, 156, 'MAIN', 'Friedrichstraße 112', NULL, '51024', 'KOLN', 'DE');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(157, 157, 'MAIN', '5 rue Émile-Zola', NULL, '38043', 'Grenoble', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(158, 158, 'MAIN', '40 quai de la Loire', NULL, '1000', 'Bourg-en-Bresse', 'France');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(159, 159, 'MAIN', '164 rue Émile-Zola', NULL, '1000', 'BOURG-EN-BRESSE', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(160, 161, 'MAIN', 'Chemin du Pré-Fleuri 250', NULL, '2000', 'Neuchâtel', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(161, 162, 'MAIN', 'MARKTGASSE 188', NULL, '8500', 'Frauenfeld', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(162, 163, 'MAIN', 'Rue Centrale 105', NULL, '1630', 'Bulle', 'Suisse');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(163, 164, 'MAIN', 'Route de Lausanne 236', NULL, '1110', 'Morges', 'Suisse');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(164, 166, 'MAIN', '35 rue du Général-de-Gaulle', NULL, '42009', 'Saint-Étienne', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(165, 167, 'MAIN', '12 boulevard Victor-Hugo', NULL, '74000', 'Annecy', 'France');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(166, 167, 'BILL', '18 rue du Général-de-Gaulle', NULL, 'F-13010', 'Marseille', 'France');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(167, 168, 'MAIN', 'Bahnhofstraße 23A', NULL, '28559', 'Bremen', 'DE');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(168, 169, 'MAIN', 'Höheweg 3 ', NULL, '5400', 'Baden', NULL);
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(169, 170, 'MAIN', '20 avenue Jean-Jaurès', NULL, '74100', 'Annemasse', 'France');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(170, 171, 'MAIN', 'P.za della Riforma 39', NULL, '6512', 'Giubiasco', 'ch');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(171, 172, 'MAIN', 'Mühlenweg 26', NULL, '21168', 'Hamburg', 'DE');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(172, 173, 'MAIN', 'Höheweg 37', NULL, '3600', 'Thun', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(173, 173, 'BILL', 'Dorfstrasse 169', 'Buchhaltung', '3608', 'THUN', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(174, 174, 'MAIN', 'V. Cantonale', NULL, '6982', 'Agno', NULL);
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(175, 176, 'MAIN', 'Münchner Straße 23', NULL, '68239', 'Mannheim', 'DE');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(176, 176, 'BILL', 'Berliner Straße 24', 'Buchhaltung', 'D-68177', 'Mannheim', 'Deutschland');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(177, 177, 'MAIN', '5 rue de Rivoli', NULL, '67098', 'Strasbourg', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(178, 178, 'MAIN', 'Königsallee', NULL, '60362', 'Frankfurt am Main', 'DE');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(179, 179, 'MAIN', 'Unter den Linden 38', NULL, '68274', 'Mannheim', 'DE');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(180, 180, 'MAIN', 'Rue de l''Hôpital 30', NULL, '1083', 'Mézières', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(181, 181, 'MAIN', '21 allée des Tilleuls', NULL, '44004', 'Nantes', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(182, 182, 'MAIN', 'Rosenweg 245b', NULL, '7000', 'Chur', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(183, 183, 'MAIN', 'Kramgasse 31', NULL, '4045', 'Basel', 'ch');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(184, 183, 'BILL', 'Zürcherstrasse 23', NULL, '4500', 'Solothurn', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(185, 184, 'MAIN', '11 chemin du Moulin', NULL, '31048', 'Toulouse', 'France');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(186, 184, 'BILL', '154, impasse des Lilas', 'Bâtiment B', '67143', 'Strasbourg', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(187, 185, 'MAIN', '16 RUE DU GÉNÉRAL-DE-GAULLE', NULL, 'F-38003', 'Grenoble', 'France');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(188, 185, 'BILL', '29 chemin du Moulin', NULL, '31193', 'Toulouse', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(189, 186, 'MAIN', 'Seestrasse 26', NULL, '4007', 'Basel', NULL);
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(190, 187, 'MAIN', '248, avenue Foch', NULL, '31089', 'TOULOUSE', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(191, 188, 'MAIN', 'Schloßstraße 96', NULL, '28730', 'Bremen', 'Germany');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(192, 189, 'MAIN', 'Mühlenweg 26', NULL, '79539', 'Lörrach', 'DE');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(193, 190, 'MAIN', '19 rue de Rivoli', NULL, '75010', 'Paris', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(194, 191, 'MAIN', '28, cours Lafayette', 'Case postale 865', '75002', 'Paris', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(195, 191, 'BILL', '12 rue Pasteur', 'Comptabilité', '75012', 'PARIS', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(196, 192, 'MAIN', 'Industriestrasse 9', NULL, '4004', 'Basel', NULL);
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(197, 193, 'MAIN', '242 cours Lafayette', NULL, '35600', 'Rennes', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(198, 194, 'MAIN', 'Berliner Straße 2', 'Hinterhaus', '80469', 'München', 'DE');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(199, 195, 'MAIN', 'Marktgasse 12', NULL, NULL, 'Biel/Bienne', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(200, 196, 'MAIN', 'Rosenweg 32', NULL, '8410', 'Winterthur', 'Schweiz');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(201, 197, 'MAIN', '4, avenue Jean-Jaurès', NULL, '33587', 'Bordeaux', 'France');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(202, 198, 'MAIN', 'Piazza della Riforma, 4', NULL, '6850', 'Mendrisio', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(203, 198, 'BILL', 'Via Pretorio 26', 'Amministrazione', '6850', 'Mendrisio', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(204, 199, 'MAIN', 'Via Roma 247', NULL, '34125', 'Trieste', 'Italia');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(205, 200, 'MAIN', 'Zürcherstrasse 28', NULL, 'CH-5001', 'Aarau', NULL);
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(206, 200, 'BILL', 'Poststrasse 1', 'Buchhaltung', '5004', 'Aarau', 'Schweiz');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(207, 201, 'MAIN', 'Via San Gottardo 37', NULL, '6900', 'Lugano', NULL);
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(208, 201, 'BILL', 'Via San Gottardo 22', 'Amministrazione', '6900', 'Lugano', NULL);
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(209, 202, 'MAIN', 'Avenue de France 26', NULL, '2800', 'Delémont', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(210, 203, 'MAIN', 'Rue de la Gare 6', NULL, NULL, 'Vevey', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(211, 204, 'MAIN', 'Rosenweg 26', NULL, '4050', 'Basel', NULL);
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(212, 205, 'MAIN', '4 Green Lane', NULL, NULL, 'SHEFFIELD', 'UK');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(213, 206, 'MAIN', 'VIA DEI MILLE, 10', NULL, '70127', 'Bari', 'Italia');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(214, 207, 'MAIN', 'Hauptstrasse 19', NULL, '7000', 'Chur', 'Schweiz');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(215, 208, 'MAIN', 'Am Markt 16', NULL, '28584', 'Bremen', 'Deutschland');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(216, 209, 'MAIN', 'St John''s Wood Road', NULL, 'B15 5DB', 'birmingham', 'UK');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(217, 210, 'MAIN', 'Via Mazzini, 25', NULL, '16133', 'Genova', 'IT');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(218, 211, 'MAIN', 'Kirchweg 40', NULL, '8500', 'Frauenfeld', 'Schweiz');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(219, 212, 'MAIN', 'Via ai Monti 5', NULL, '6600', 'MURALTO', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(220, 213, 'MAIN', 'Via Pretorio 40', 'CP 421', NULL, '6600 Locarno', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(221, 214, 'MAIN', 'MARKTGASSE 12', NULL, NULL, 'Biel/Bienne', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(222, 215, 'MAIN', 'Rue du Marché 18', NULL, '1820', 'Montreux', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(223, 216, 'MAIN', 'Rte de Lausanne 201', 'Bâtiment B', '1008', 'Lausanne', 'Suisse');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(224, 217, 'MAIN', 'Rue des Alpes 33', NULL, '2800', 'Delémont', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(225, 218, 'MAIN', '37 Mill Lane', NULL, 'G2 6GA', 'Glasgow', 'GB');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(226, 220, 'MAIN', '53 avenue Jean-Jaurès', NULL, '74100', 'Annemasse', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(227, 221, 'MAIN', 'Via dei Mille 87', NULL, '90148', 'Palermo', 'Italia');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(228, 222, 'MAIN', 'Schloßstraße 145', NULL, '40575', 'Düsseldorf', 'DE');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(229, 223, 'MAIN', 'Via Cavour 26', NULL, '80129', 'Napoli', 'IT');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(230, 224, 'MAIN', '30, place de la Mairie', NULL, '75014', 'PARIS', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(231, 224, 'BILL', '34 impasse des Lilas', NULL, '42055', 'Saint-Étienne', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(232, 225, 'MAIN', 'Route du Jorat 10', NULL, '1951', 'Sion', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(233, 226, 'MAIN', 'RINGSTRASSE 1', NULL, '70255', 'Stuttgart', 'DE');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(234, 227, 'MAIN', '30 boulevard Victor-Hugo', NULL, '01000', 'Bourg-en-Bresse', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(235, 228, 'MAIN', 'Poststrasse 18', NULL, '3015', 'Bern', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(236, 229, 'MAIN', 'Route du Jorat 1', NULL, '1400', 'Yverdon-les-Bains', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(237, 230, 'MAIN', 'Rue de Genève 206 bis', NULL, '2800', 'Delémont', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(238, 232, 'MAIN', '33 Park Avenue', NULL, 'G41 8JJ', 'Glasgow', 'GB');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(239, 233, 'MAIN', 'Königsallee 12', NULL, '11605', 'Berlin', 'Deutschland');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(240, 234, 'MAIN', 'Bahnhofstraße 9', NULL, '20698', 'Hamburg', 'DE');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(241, 236, 'MAIN', 'Rue du Marché 33', 'CP 526', '1110', 'Morges', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(242, 237, 'MAIN', 'Lindenallee 11', NULL, '90435', 'NÜRNBERG', 'Deutschland');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(243, 238, 'MAIN', 'Via Mazzini, 39', NULL, 'I-80140', 'Napoli', 'Italia');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(244, 238, 'BILL', 'Piazza del Duomo, 11', NULL, '90151', 'Palermo', 'Italia');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(245, 239, 'MAIN', 'Via XX Settembre 39', NULL, '00156', 'Roma', 'IT');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(246, 240, 'MAIN', '39 place de la Mairie', NULL, '21000', 'Dijon', 'France');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(247, 241, 'MAIN', '40 Abbey Road', NULL, 'CB4 2LP', 'Cambridge', 'GB');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(248, 242, 'MAIN', 'Hauptstraße 36', NULL, '79114', 'Freiburg im Breisgau', 'DE');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(249, 243, 'MAIN', 'Piazza del Duomo 6', NULL, '30125', 'Venezia', 'IT');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(250, 244, 'MAIN', 'Via Verdi, 17', NULL, '30165', 'Venezia', 'IT');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(251, 244, 'BILL', 'Corso Italia 7', NULL, '10139', 'Torino', 'IT');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(252, 245, 'MAIN', 'Marktgasse 192', NULL, '5004', 'Aarau', 'Schweiz');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(253, 246, 'MAIN', '38 Park Avenue', NULL, 'L1 8NW', 'Liverpool', 'UK');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(254, 247, 'MAIN', '7 rue des Écoles', NULL, 'F-75001', 'paris', 'France');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(255, 248, 'MAIN', 'Am Markt 16', NULL, '30593', 'Hannover', 'Deutschland');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(256, 249, 'MAIN', 'Flat 20, 24 Queen Street', NULL, 'B2 7XH', 'Birmingham', 'GB');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(257, 250, 'MAIN', 'Gartenstrasse 12', NULL, '5400', 'Baden', 'CH');
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(1, 1, 0, 'Sig.', 'Paolo', 'FERRARI', 'Segretario', 'paolo@teatro-arte.ch', '077 978 71 45');
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(2, 1, 1, 'Sig.ra', 'Aurora', 'Bernasconi', 'Responsabile biglietteria', 'aurora.bernasconi@teatro-arte.ch', '079 446 86 49');
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(3, 2, 1, 'Mme', 'Sylvie', 'Fontaine', NULL, 'sylvie@dubois-evenements.fr', '04.87.79.87.26');
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(4, 3, 1, 'Sig.', 'antonio', 'Moretti', 'Direttore artistico', 'antonio@mancini-figli.it', '349 5245781');
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(5, 6, 1, 'MRS.', 'Catriona', 'Hall', NULL, 'chall@o-neill-sons.co.uk', NULL);
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(6, 15, 1, 'Frau', 'Heidi', 'Baumann', 'Geschäftsführerin', 'heidi.baumann@schreinerei-keller.ch', '0041327396630');
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(7, 27, 1, 'Mme', 'Camille', 'André', 'Responsable billetterie', 'camille.andre@fondation-de-villepin.fr', NULL);
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(8, 30, 1, 'Herr', 'Beat', 'Richter', NULL, NULL, '+49 (0)174 1365869');
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(9, 34, 1, 'Mrs', 'Chloë', 'Patel', NULL, NULL, NULL);
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(10, 46, 1, 'Frau', 'Sophie', 'Becker', 'Intendantin', 'sbecker@musikgesellschaft-berlin.de', NULL);
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(11, 51, 1, 'Herr', 'DANIEL', 'Berisha', 'Kassenleiter', 'daniel@gemeinde-schaffhausen.ch', '+41767182743');
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(12, 52, 0, 'Herr', 'Ueli', 'Hoffmann', 'Kassenleiter', 'ueli.hoffmann@brauerei-zum-neumarkt.de', '+4916091770724');
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(13, 52, 1, 'Frau', 'KATHARINA', 'Müller', 'Buchhaltung', NULL, NULL);
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(14, 78, 1, 'Mme', 'Françoise', 'Martin', 'Responsable billetterie', 'francoise.martin@association-lys-culture.ch', '027 620 41 73');
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(15, 88, 1, 'Mme', 'Mélanie', 'DURAND', 'Secrétaire générale', 'melanie.durand@@martin-evenements.fr', NULL);
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(16, 99, 0, 'Frau', 'Sophie', 'Bühler', NULL, 'sophie.buehler@theater-am-baren.ch', '052 297 79 17');
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(17, 99, 1, 'Frau', 'Sabine ', 'Stöckli  ', 'Leiterin Marketing', 'sstoeckli@theater-am-baren.ch', NULL);
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(18, 111, 1, 'Dr', 'Benoît', 'Moreau', 'Président', NULL, '06.57.76.55.26');
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(19, 122, 1, 'Frau', 'Petra', 'von Gunten', 'Geschäftsführerin', 'pvongunten@theater-am-rhein.ch', NULL);
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(20, 122, 0, 'Frau', 'FRANZISKA', 'Stöckli', 'Leiterin Marketing', 'fstoeckli@theater-am-rhein.ch', NULL);
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(21, 123, 1, 'Herr ', 'Thomas', 'Nowak', NULL, 'thomas.nowak@stiftung-von-der-heide.de', NULL);
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(22, 129, 0, 'M.', 'Gaëtan', 'Frésard', 'Chargé de communication', 'gfresard@garage-meylan.ch', '027 855 53 08');
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(23, 129, 1, 'Mme', 'Françoise', 'Berthoud', 'Responsable billetterie', 'francoise@garage-meylan.ch', '0041274786942');
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(24, 140, 1, 'Frau', 'Corinne', 'von Weizsäcker', 'Intendantin', NULL, '+49 228 6761198');
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(25, 140, 0, 'Frau', 'bärbel', 'Fischer', 'Intendantin', NULL, NULL);
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(26, 144, 0, NULL, ' Beatrice', 'Dell''Acqua', 'Presidente', NULL, '+393387390435');
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(27, 144, 1, 'Sig.ra', 'Maria', 'Fontana', NULL, 'maria.fontana@fondazione-niccolo.it', '+390412555075');
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(28, 145, 0, 'Herr', 'Günter', 'Müller', 'Intendant', 'guenter@berisha-events.ch', '+41 77 528 85 94');
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(29, 145, 1, 'Frau', 'Doris', 'Rüegg', 'Intendantin', 'doris.rueegg@berisha-events.ch', '044 209 33 55');
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(30, 165, 1, 'Herr ', 'Jürg', 'Groß', NULL, NULL, '+49 (0)172 70005365');
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(31, 173, 1, ' Frau ', 'Regula', 'Berisha', NULL, 'regula.berisha@gemeinde-thun.ch', '079/735.87.93');
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(32, 175, 1, NULL, 'Hugo', 'Nguyen', 'Responsable billetterie', 'hugo.nguyen@fondation-zufferey.ch', '021 536 04 18');
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(33, 176, 0, 'Herr', 'Jörg  ', 'Fischer', 'Kassenleiter', NULL, NULL);
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(34, 176, 1, 'Frau', 'Ursula', 'VON DER HEIDE', NULL, 'ursula.vonderheide@schreinerei-klein.de', '0152 7997862');
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(35, 190, 1, 'Mme ', 'Agnès', 'Laurent', 'Directrice', 'alaurent@cie-du-soleil.fr', '01 44 49 21 46');
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(36, 197, 1, 'Mme', 'Françoise', 'Bonnet', NULL, NULL, NULL);
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(37, 197, 0, 'Mme', 'Catherine', 'Le Gall', NULL, NULL, '05 01 28 55 15');
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(38, 200, 0, 'Herr', 'Stefan', 'Zürcher', 'Geschäftsführer', NULL, '0041788662755');
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(39, 200, 1, 'Frau', 'Sophie', 'Steiner', 'Intendantin', 'sophie.steiner@gemeinde-aarau.ch', '075 800 26 88');
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(40, 201, 1, 'Sig.', 'Davide', 'Pedrazzini', 'Segretario', 'dpedrazzini@teatro-fenice.ch', '091 543 00 85');
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(41, 208, 0, 'Frau', 'Sophie', 'Schmidt', NULL, 'sophie.schmidt@konzertagentur-schroder.de', NULL);
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(42, 208, 1, 'Frau', 'Maria', '  Schäfer ', 'Buchhaltung', 'mschaefer@konzertagentur-schroder.de', NULL);
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(43, 210, 1, 'Sig.ra', 'Giulia', 'rizzo', 'Presidente', 'giulia.rizzo@teatro-lago.it', '338-1552763');
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(44, 216, 0, 'Mme', 'Geneviève', 'Martin', 'Comptable', 'genevieve@festival-de-lausanne.ch', '+41 76 157 10 61');
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(45, 216, 1, 'MME.', 'Hélène', 'Nguyen', 'Administratrice', 'hnguyen@festival-de-lausanne.ch', '+41 21 256 48 53');
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(46, 235, 1, 'Frau', 'Anna', 'von Gunten', NULL, 'anna.vongunten@theater-am-baren.ch', '075 9825268');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(251, '0004076', 'C', NULL, NULL, NULL, 'Laurent & Fils SARL', NULL, 'F', 'info@laurent-fils.fr', '(33)0347275791', NULL, NULL, NULL, NULL, '2021-05-03 01:08:45');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(252, '0004077', 'P', 'M.', 'HUGO', 'NGUYEN', NULL, '19850227', 'F', 'hugo.nguyen at laposte.net', '(33)0444316791', NULL, NULL, NULL, NULL, '2021-06-03 22:36:11');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(253, '0004078', 'C', NULL, NULL, NULL, 'Brauerei zum Hechtplatz GmbH', NULL, 'DE', 'kontakt@brauerei-zum-hechtplatz.ch', '+41333855591', NULL, '033 3600515', 0, NULL, '2021-07-09 03:45:27');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(254, '0004079', 'P', NULL, 'Matthias', 'Müller', NULL, '24.04.1929', 'D', 'mueller.matthias@gmail.com', '00497114323402', '+491627710176', NULL, 0, NULL, '2021-08-08 08:52:29');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(255, '0004080', 'C', '', NULL, NULL, 'Garage Rossier SA', NULL, 'F', 'billetterie@garage-rossier.ch', NULL, NULL, NULL, NULL, NULL, '2021-09-19 06:36:27');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(256, '0004081', 'P', 'Mme', 'Marie', 'Pittet', NULL, '1944-10-30', 'F', 'marie.pittet@bluewin.ch', NULL, '+41 79 349 23 21', NULL, NULL, NULL, '2021-10-21 08:47:32');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(257, '0004082', 'P', 'Sig.ra', 'Sara', 'Barbieri', NULL, NULL, 'I', 'sara.barbieri@virgilio.it', '+390496514590', '+39 335 407 8991', NULL, 1, NULL, '2021-11-24 10:03:13');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(258, '0004083', 'P', 'Mme', 'Hélène', 'Fontaine', NULL, '1986-07-10', 'F', 'helene_fontaine@gmail.com', NULL, '+33 (0)7 27 74 84 07', NULL, 0, NULL, '2021-12-31 19:19:28');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(259, '0004084', 'P', 'Frau', 'Petra', 'Çelik', NULL, '10.01.1974', 'D', 'p.celik@gmx.ch', '044 2642595', '+41751361417', NULL, 0, NULL, '2022-01-28 02:10:48');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(260, '0004085', 'P', 'Herr', 'FELIX', 'meier', NULL, '24.03.1967', 'D', 'Felix.Meier67@Hotmail.com', NULL, '+41 79 994 14 90', NULL, 0, NULL, '2022-03-09 15:28:18');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(261, '0004086', 'P', 'Herr', 'felix', 'Bühler', NULL, '14.05.1972', 'D', NULL, NULL, '0766087663', NULL, 0, NULL, '2022-04-11 05:46:36');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(262, '0004087', 'P', NULL, 'Günter', 'MEYER', NULL, '1996-01-08', 'DE', 'guenter.meyer@web.de', '0221 5992203', '+491571005908', NULL, 1, NULL, '2022-05-17 02:41:05');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(263, '0004088', 'P', 'M.', 'Alain', 'MARTIN', NULL, '14.10.1937', 'fr', NULL, '+41 27 888 02 28', '0041792554467', NULL, 1, NULL, '2022-06-18 09:31:57');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(264, '0004092', 'P', 'Herr', 'Gunter', 'MEYER', NULL, NULL, 'D', 'guenter.meyer@web.de', NULL, '+491571005908', NULL, 0, NULL, '2022-07-21 06:50:18');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(265, '0004094', 'P', 'Herr', 'DIETER', 'Stöckli', NULL, '07.05.1967', 'DE', 'dieterstoeckli@outlook.com.', NULL, '0787684969', NULL, 1, NULL, '2022-08-24 08:39:30');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(266, '0004095', 'P', 'Mlle', 'Marie-Claude', 'Monnier', NULL, '1962-02-25', 'F', 'monnier.marie-claude@hispeed.ch', NULL, '0763419782', NULL, 1, NULL, '2022-09-27 07:44:27');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(267, '0004096', 'P', 'M.', NULL, 'Fontaine', NULL, '1994-04-30', NULL, NULL, '+33 (0)4 86 64 30 74', '+33 (0)6 08 16 47 60', NULL, 1, NULL, '2022-11-01 00:50:25');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(268, '0004098', 'P', 'Frau', 'Brigitte', 'WEBER', NULL, '26/09/1968', 'D', 'brigitte_weber@gmail.com', '041 2127071', '+41 77 109 28 95', NULL, 0, NULL, '2022-12-01 17:29:46');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(269, '0004099', 'P', 'Herr', 'MARKUS', 'Bühler', NULL, '19940319', 'DE', 'm.buehler@yahoo.com', '+41338760804', '+41752550051', NULL, NULL, NULL, '2023-01-07 19:10:54');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(270, '0004100', 'P', 'Frau', 'Ayşe', 'Von der heide', NULL, '1936-05-08', 'DE', NULL, '00497618701257', '+49 (0)177 21935284', NULL, 1, NULL, '2023-02-12 08:21:49');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(271, '0004103', 'P', 'Herr', 'Tobias', 'Becker', NULL, '19741211', 'D', 'tobias.becker@gmx.de', '0421 2323695', '0176 6778709', NULL, NULL, NULL, '2023-03-18 01:45:01');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(272, '0004104', 'C', NULL, NULL, NULL, 'Fontaine & Fils SA', NULL, 'fr', 'billetterie@fontaine-fils.fr', '0033487442097', NULL, NULL, NULL, NULL, '2023-04-15 16:22:23');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(273, '0004105', 'P', 'Mme', NULL, 'Rousseau', NULL, '03/08/1994', 'fr', NULL, '04.50.23.28.11', NULL, NULL, 1, NULL, '2023-05-24 00:15:58');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(274, '0004106', 'P', 'Herr', ' Christian', 'Lehmann', NULL, '04.10.1943', 'D', NULL, NULL, NULL, NULL, 0, NULL, '2023-06-25 11:58:53');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(275, '0004107', 'C', NULL, NULL, NULL, 'Musikgesellschaft Baden', NULL, 'D', NULL, '056 3430372', NULL, NULL, 0, NULL, '2023-07-29 21:16:57');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(276, '0004108', 'P', 'Mr', 'Harry', '  Evans ', NULL, '05/06/1938', 'E', 'hevans@hotmail.co.uk', '+44 20 5293 2683', '07318187699', NULL, NULL, NULL, '2023-09-03 09:35:30');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(277, '0004109', 'P', 'Mme', 'Sylvie', 'Nguyen', NULL, '24/10/1990', 'F', 'nguyen.sylvie@gmail.com', NULL, '+33 7 33 58 71 19', NULL, 0, NULL, '2023-10-09 15:33:37');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(278, '0004110', 'C', NULL, NULL, NULL, 'Filarmonica di Palermo', NULL, 'I', 'biglietteria@filarmonica-di-palermo.it', '+39 091 849 7025', NULL, NULL, NULL, NULL, '2023-11-05 23:32:14');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(279, '0004111', 'P', 'Frau', 'Ursula', 'Schröder', NULL, '19390720', 'D', 'ursula.schroeder@gmx.de', '00497619268822', '0177-98985441', NULL, 1, NULL, '2023-12-15 02:45:41');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(280, '0004112', 'C', NULL, NULL, NULL, 'Musikgesellschaft Zürich', NULL, 'D', ' kontakt@musikgesellschaft-zurich.ch ', '0041442594372', NULL, '044 525 39 51', 1, NULL, '2024-01-15 09:03:33');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(281, '0004113', 'P', 'Sig.ra', 'Paola', 'Bernasconi', NULL, NULL, 'I', 'paolabernasconi@@gmail.com', '+41 91 651 63 48', '0772694280', NULL, 1, NULL, '2024-02-22 02:22:59');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(282, '0004114', 'P', 'Sig. ', 'LORENZO', 'Lepori', NULL, NULL, 'I', 'lorenzolepori@sunrise', '0919908637', '0781478268', NULL, 0, NULL, '2024-03-28 19:38:32');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(283, '0004115', 'P', 'Frau', 'Regula', 'Schneider', NULL, '18/03/1982', 'D', 'regula.schneider@t-online.de', NULL, '+49 (0)174 26772954', NULL, NULL, NULL, '2024-04-30 10:33:19');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(284, '0004116', 'P', 'Frau', 'Anne-Marie', 'Zimmermann', NULL, NULL, 'D', 'anne-marie.zimmermann@bluewin.ch', '0041444280792', NULL, NULL, 1, NULL, '2024-05-27 03:03:51');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(285, '0004117', 'C', NULL, NULL, NULL, 'Konzertagentur Özdemir AG', NULL, 'DE', 'Office@Konzertagentur-Ozdemir.de', '0511 2508202', NULL, '+49 511 4304581', 0, NULL, '2024-07-08 06:25:14');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(286, '0004118', 'P', 'Frau', '  Ursula ', 'Schwarz', NULL, '09.04.2008', 'D', NULL, '(040) 5184331', '00491763117266', NULL, 1, NULL, '2024-08-07 05:20:44');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(287, '0004119', 'P', 'M.', 'Olivier', 'Martin', NULL, '10/11/1988', 'fr', 'martin.olivier@sfr.fr', NULL, NULL, NULL, 1, NULL, '2024-09-15 15:28:00');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(288, '0004120', 'C', NULL, NULL, NULL, 'Schreinerei Widmer AG', NULL, 'D', NULL, '032 965 22 60', NULL, '032 524 15 26', 0, 'VIP; invite to premieres
Call before 6 pm', '2024-10-17 15:36:16');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(289, '0004121', 'C', NULL, NULL, NULL, 'Stadttheater Hamburg', NULL, 'D', 'kontakt@stadttheater-hamburg.de', '+49404129444', NULL, '(040) 95842955', NULL, NULL, '2024-11-18 15:41:02');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(290, '0004125', 'P', 'Mme', 'Inès', 'Bérard', NULL, NULL, 'F', 'ines.berard@sfr.fr', NULL, '06.32.08.51.74', NULL, 0, NULL, '2024-12-20 09:53:13');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(291, '0004127', 'P', 'Herr', 'Markus ', 'Weiß', NULL, '1988-07-02', 'DE', 'markus.weiss@@gmx.de', NULL, '+4917194731102', NULL, 0, NULL, '2025-01-27 15:01:59');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(292, '0004131', 'C', NULL, NULL, NULL, 'Brauerei zum Rhein GmbH', NULL, 'Deutsch', 'kontakt@brauerei-zum-rhein.ch', '+41326617504', NULL, '0326698217', 1, NULL, '2025-03-04 08:15:21');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(293, '0004132', 'P', 'Sig.', 'Roberto', 'Pellegrini', NULL, NULL, 'I', 'robertopellegrini@yahoo', '+390494243067', '+393926651128', NULL, 1, NULL, '2025-04-05 04:50:35');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(294, '0004133', 'P', 'Mme', 'Marie-Claude', 'Rossier', NULL, NULL, 'F', 'marie-claude.rossier@outlook.com', NULL, '0041793088399', NULL, 0, NULL, '2025-05-03 17:57:57');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(295, '0004135', 'P', 'Frau', 'KÃ„THI', 'KLEIN', NULL, NULL, 'DE', 'kaethi.klein@web.de', '0351/8723498', NULL, NULL, 0, NULL, '2025-06-12 00:47:35');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(296, '0004139', 'P', 'Herr', 'Ueli', 'KRÜGER', NULL, NULL, 'Deutsch', ' ueli.krueger@gmail.com', '+49 (0)211 6042944', NULL, NULL, 0, NULL, '2025-07-13 06:09:23');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(297, '0004140', 'P', 'Mr', 'William', 'Smith-Jones', NULL, '13/06/1974', 'E', 'william.smith-jones@gmail.com', '+44 (0)20 5474 5261', '07210 768886', NULL, 0, NULL, '2025-08-19 03:42:32');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(298, '0004141', 'P', 'Mme', 'Sophie', 'de Montmollin', NULL, '03.02.1930', 'fr', 'sophie.demontmollin@yahoo.com', '0041219214564', '077 368 92 18', NULL, 1, NULL, '2025-09-21 15:47:20');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(299, '0004144', 'C', NULL, NULL, NULL, 'Brauerei zum Rhein GmbH', NULL, 'Deutsch', 'kontakt@brauerei-zum-rhein.de', '0421/5875613', NULL, NULL, 1, NULL, '2025-10-21 02:29:34');
INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at) VALUES
(300, '0004145', 'P', 'Sig.', 'Gian Marco', 'Esposito', NULL, '19280918', 'I', NULL, NULL, NULL, NULL, 0, NULL, '2025-12-01 03:43:26');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(258, 251, 'MAIN', '20 AVENUE FOCH', 'CP 722', '21000', 'Dijon', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(259, 251, 'BILL', '34, boulevard Victor-Hugo ', 'Comptabilité', '21000', 'Dijon', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(260, 252, 'MAIN', '11 rue du Faubourg Saint-Honoré', NULL, NULL, '74100 Annemasse', 'France');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(261, 253, 'MAIN', 'MARKTGASSE 37', NULL, '3600', 'Thun', NULL);
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(262, 254, 'MAIN', 'Karl-Marx-Allee 10 ', NULL, '70326', 'STUTTGART', 'DE');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(263, 255, 'MAIN', 'Grand-Rue 29', NULL, '1950', 'Sion', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(264, 255, 'BILL', 'Rue du Lac 19A', 'Comptabilité', '1951', 'SION', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(265, 256, 'MAIN', 'Chemin du Pré-Fleuri 36', NULL, '1083', 'Mézières', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(266, 257, 'MAIN', 'Via Nazionale, 166', NULL, '35126', 'Padova', 'IT');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(267, 258, 'MAIN', '39 place de la Mairie', NULL, '67078', 'Strasbourg', 'France');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(268, 259, 'MAIN', 'Kirchweg 6', NULL, '8700', 'Küsnacht', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(269, 260, 'MAIN', 'Bergstrasse 37', NULL, '8027', 'Zürich', 'Schweiz');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(270, 261, 'MAIN', 'Industriestrasse 153', NULL, '5004', 'AARAU', NULL);
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(271, 261, 'BILL', 'Bahnhofstr. 88', NULL, '8040', 'Zürich', NULL);
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(272, 263, 'MAIN', 'Grand-Rue 9', NULL, '1951', 'Sion', 'Suisse');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(273, 264, 'MAIN', 'Ringstr. 20A', NULL, '12320', 'Berlin', 'DE');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(274, 265, 'MAIN', 'Poststrasse 2', NULL, '5400', 'Baden', 'ch');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(275, 266, 'MAIN', 'Rue des Alpes 34', NULL, '1700', 'Fribourg', NULL);
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(276, 267, 'MAIN', '17 place de la Mairie', NULL, '01000', 'BOURG-EN-BRESSE', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(277, 268, 'MAIN', 'Rosenweg', NULL, '6300', 'Zug', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(278, 269, 'MAIN', 'Feldstrasse 185', NULL, '3600', 'Thun', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(279, 270, 'MAIN', 'Münchner Str. 13', NULL, '79113', 'Freiburg im Breisgau', 'DE');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(280, 271, 'MAIN', 'Berliner Straße 39', 'c/o Reto Schröder', '28336', 'Bremen', 'DE');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(281, 272, 'MAIN', '23 rue des Écoles', NULL, '38036', 'Grenoble', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(282, 272, 'BILL', '32 rue Émile-Zola', 'Comptabilité', '38042', 'GRENOBLE', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(283, 273, 'MAIN', '122 rue de la République', NULL, '38050', 'Grenoble', 'France');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(284, 274, 'MAIN', 'Am Markt 15', NULL, '40283', 'Düsseldorf', 'DE');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(285, 275, 'MAIN', 'Hauptstrasse 23', NULL, '5400', 'Baden', NULL);
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(286, 275, 'BILL', 'Bernstrasse 36', 'Buchhaltung', '5400', 'Baden', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(287, 276, 'MAIN', '66 The Crescent', NULL, 'WC1E 1ZB', 'London', 'United Kingdom');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(288, 278, 'MAIN', 'Via Verdi, 234', NULL, '90144', 'Palermo', 'IT');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(289, 279, 'MAIN', 'Berliner Straße 25', NULL, '79110', 'Freiburg im Breisgau', 'Deutschland');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(290, 281, 'MAIN', 'Via ai Monti 33', NULL, '6600', 'Locarno', 'Svizzera');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(291, 282, 'MAIN', 'V. Nassa 27', NULL, '6900', 'Lugano', NULL);
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(292, 282, 'BILL', 'Via ai Monti 182', NULL, '6850', 'Mendrisio', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(293, 283, 'MAIN', 'Am Markt 15', NULL, '60325', 'Frankfurt am Main', 'Germany');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(294, 284, 'MAIN', 'Poststrasse 12', NULL, '8005', 'Zürich', 'ch');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(295, 284, 'BILL', 'Höheweg 59b', NULL, '6006', 'Luzern', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(296, 286, 'MAIN', 'Berliner Straße 39', NULL, '21024', 'Hamburg', 'Deutschland');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(297, 287, 'MAIN', '26 quai de la Loire ', NULL, 'F-59762', 'lille', 'France');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(298, 288, 'MAIN', 'Dorfstrasse', NULL, '4500', 'Solothurn', NULL);
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(299, 288, 'BILL', 'Marktgasse 38a', 'Buchhaltung', '4500', 'SOLOTHURN', 'ch');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(300, 289, 'MAIN', 'Karl-Marx-Allee 37', NULL, '21112', 'Hamburg', 'DE');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(301, 290, 'MAIN', '20, avenue Jean-Jaurès', NULL, '75012', 'Paris', 'FR');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(302, 291, 'MAIN', 'Mühlenweg 1', NULL, '04146', 'Leipzig', 'DE');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(303, 292, 'MAIN', 'Bahnhofstrasse 34', '8. Stock', '2504', 'Biel/Bienne', NULL);
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(304, 292, 'BILL', 'Limmatquai 67', 'Buchhaltung', '2504', 'Biel/Bienne', NULL);
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(305, 293, 'MAIN', 'Corso Vittorio Emanuele II, 205', NULL, '35123', 'Padova', 'Italia');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(306, 294, 'MAIN', 'Rue de l''Hôpital 166', NULL, '1012', 'LAUSANNE', 'ch');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(307, 295, 'MAIN', 'Karl-Marx-Allee 97', NULL, '1141', 'Dresden', 'Deutschland');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(308, 296, 'MAIN', 'Schillerstraße 31', NULL, '40461', 'Düsseldorf', 'DE');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(309, 297, 'MAIN', 'Flat 15, 23 Mill Lane', NULL, 'SW1A 9UH', 'London', 'UK');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(310, 298, 'MAIN', 'Rue du Marché 28', NULL, NULL, 'CH-1007 Lausanne', 'CH');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(311, 299, 'MAIN', 'Ringstraße 18', NULL, '28716', 'Bremen', 'DE');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(312, 299, 'BILL', 'Am Markt 39', 'Buchhaltung', '28705', 'Bremen', 'Deutschland');
INSERT INTO address (addr_id, cust_id, addr_kind, street, street2, zip, city, country) VALUES
(313, 300, 'MAIN', 'Corso Italia 16', NULL, '16127', 'Genova', 'Italia');
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(47, 251, 0, 'M.', 'Nicolas', 'N''Diaye', 'Président', NULL, '03 98 25 18 22');
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(48, 251, 1, ' M. ', 'jean-pierre', 'Faure', 'Directeur', 'jean-pierre.faure@laurent-fils.fr', NULL);
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(49, 272, 0, 'M.', 'Jacques', 'Bérard', 'Responsable billetterie', 'jacques.berard@fontaine-fils.fr', '07.64.75.14.91');
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(50, 272, 1, 'M.', 'Laurent', 'de la Tour', 'Administrateur', 'laurent.delatour@fontaine-fils.fr', NULL);
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(51, 278, 1, 'Sig.ra', 'Noemi', 'LOMBARDI', 'Responsabile biglietteria', 'noemi.lombardi@filarmonica-di-palermo.it', '091 3735631');
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(52, 280, 1, 'Frau', 'Regula', 'Weber', 'Intendantin', 'regula.weber@musikgesellschaft-zurich.ch', '+41 44 491 99 30');
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(53, 285, 1, NULL, 'VERENA', 'Krüger', 'Präsidentin', 'verena.krueger@konzertagentur-ozdemir.de', NULL);
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(54, 288, 0, 'Frau', 'Bärbel', 'von  Gunten', 'Buchhaltung', 'bvongunten@schreinerei-widmer.ch', '032 600 26 24');
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(55, 288, 1, 'Herr', 'Beat', 'von Gunten', NULL, 'bvongunten@schreinerei-widmer.ch', '032 889 79 61');
INSERT INTO contact_person (person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone) VALUES
(56, 299, 1, 'Dr', 'Corinne', 'Krüger', 'Sekretariat', 'corinne@brauerei-zum-rhein.de', '0170/37250373');
COMMIT;
