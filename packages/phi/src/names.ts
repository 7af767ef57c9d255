// Name data for the NAME detector. Context ("my name is", titles, sign-offs) carries most of the
// weight; the lists recognise common given names and distinctive surnames across the
// communities a US clinic or shop serves: the hand lists below plus the ~3,700 names of the
// compromise library's lexicon (name-lexicon.ts). Everything is lower case; accents are kept.

import { LIBRARY_FIRST_NAMES, LIBRARY_ORGANIZATIONS, LIBRARY_SURNAMES } from "./name-lexicon";

const words = (s: string, ...more: (readonly string[])[]): Set<string> =>
  new Set([...s.trim().split(/\s+/), ...more.flat()]);

export const FIRST_NAMES = words(
  `
james john robert michael william david richard joseph thomas charles christopher daniel matthew
anthony donald steven stephen paul andrew joshua kenneth kevin brian george timothy ronald edward
jason jeffrey ryan jacob gary nicholas eric jonathan larry justin scott brandon benjamin samuel
gregory alexander patrick raymond dennis jerry tyler aaron henry douglas peter adam nathan zachary
walter kyle harold carl jeremy keith roger gerald ethan arthur terry christian sean lawrence austin
joe noah jesse albert bryan billy bruce willie jordan dylan alan ralph gabriel roy juan wayne eugene
logan randy louis russell vincent philip bobby johnny bradley liam oliver lucas mason elijah owen
caleb isaac luke connor evan ian colin trevor derek marcus travis shane neil simon graham hugh rupert
alistair declan niall callum finn rory aiden jayden kai leo theo axel ezra silas jude arlo milo
sam tom tony mike jim jimmy dave steve chris matt nick alex ben dan danny jen jenny katie kate liz
beth meg becky vicky nate zach greg jeff josh andy ted eddie charlie freddie harry ollie sally
molly annie susie nikki tommy kathy cathy debbie patty peggy barb bev abby maddie
mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty margaret
sandra ashley kimberly emily donna michelle carol amanda dorothy melissa deborah stephanie rebecca
sharon laura cynthia kathleen amy angela shirley anna brenda pamela emma nicole helen samantha
katherine christine debra rachel carolyn janet catherine maria heather diane ruth julie olivia joyce
virginia victoria kelly lauren christina joan evelyn judith megan andrea cheryl hannah jacqueline
martha gloria teresa ann sara madison frances kathryn janice jean abigail alice judy sophia denise
doris marilyn danielle beverly isabella theresa diana natalie brittany charlotte marie kayla alexis
lori ava mia chloe ella zoe harper avery scarlett layla nora hazel aurora penelope eleanor stella
claire lucy jane wendy tracy tina irene eva naomi leah miriam esther tamara vanessa monica erica
erin tiffany crystal courtney whitney melanie kristen kristin allison alison jill gail peggy
pierre jean-luc françois francois amélie amelie camille chloé margaux julien mathieu nicolas
sébastien sebastien antoine hans klaus jürgen jurgen wolfgang dieter greta heidi ingrid lars sven
astrid freya anders björn bjorn giovanni giuseppe marco luca matteo francesca giulia chiara
alessandro lorenzo sofia ivan dmitri sergei olga natasha svetlana tatiana anya katarzyna piotr
tomasz agnieszka jakub miloš milos zoran dragan siobhan aoife saoirse ciara
josé jose luis carlos jorge miguel pedro alejandro manuel francisco javier diego rafael fernando
ricardo eduardo sergio andrés andres mateo santiago emilio alejandra guadalupe lupe carmen rosa
ana lucía lucia gabriela mariana valentina camila daniela paola verónica veronica isabel elena
marisol yolanda beatriz ximena fernanda adriana leticia esperanza consuelo dolores inés ines raúl
raul ramón ramon héctor hector ernesto alfredo arturo enrique julio césar cesar rodrigo gustavo
joaquín joaquin maricela juana rocío rocio catalina florencia agustín agustin
priya raj rajesh ravi arjun amit anil sunil vikram rahul rohan aditya deepak sanjay suresh ramesh
ganesh krishna arun vijay ananya aisha asha divya kavya lakshmi meera neha pooja riya sneha sunita
anjali deepika nisha shreya aarav vivaan ishaan harpreet gurpreet manpreet jaspreet sandeep
imran farhan ayesha fatima zainab tariq bilal hamza usman nadia sana anand venkat srinivas
wei ming jing hui xiao mei ling hao jian xin yong lihua xiaoming zhiwei
hiroshi takeshi kenji yuki haruto sakura yui aiko akiko yoko keiko kenta sota daiki hana
minjun min-jun jiwoo ji-woo seoyeon seo-yeon jisoo jihoon ji-hoon soo-ah hyun-woo
linh thanh minh huong tuan duc phuong trang quang
maricel rowena jocelyn analyn rhea
kwame kofi kojo ama akua abena yaw kwabena ngozi chinedu chukwuemeka emeka adebayo adaeze amara
chioma obinna oluwaseun seun tunde folake funmilayo yetunde ayodele babajide chidi ifeoma nneka
uche zuri imani jabari kamau wanjiru njeri otieno achieng amani baraka thandiwe thabo sipho lerato
nomvula mandla themba zanele abebe tigist selam desta fatou aminata mamadou moussa oumar ibrahim
ibrahima abdoulaye awa
mohammed muhammad mohamed ahmed ahmad ali omar hassan hussein khalid youssef yusuf mustafa karim
leila yasmin yasmine noor rania salma huda mariam maryam amir reza darius parisa shirin farah
`,
  LIBRARY_FIRST_NAMES,
);

// Surnames that are rarely ordinary words, so a capitalised one is decent evidence on its own.
export const SURNAMES = words(
  `
smith johnson williams jones garcia miller davis rodriguez martinez hernandez lopez gonzalez wilson
anderson taylor moore martin thompson harris sanchez clark ramirez lewis robinson allen wright
torres nguyen flores adams nelson rivera campbell mitchell carter roberts gomez phillips evans
turner diaz parker cruz edwards collins reyes stewart morris morales murphy rogers gutierrez ortiz
morgan cooper peterson bailey kelly howard ramos kim cox richardson watson brooks chavez bennett
mendoza ruiz hughes alvarez castillo sanders patel myers ross foster jimenez powell jenkins perry
sullivan coleman butler henderson gonzales fisher vasquez simmons romero patterson hamilton
reynolds griffin wallace moreno hayes bryant herrera gibson ellis tran medina aguilar stevens
murray castro marshall owens harrison fernandez mcdonald kennedy vargas chen freeman webb tucker
guzman crawford olson simpson porter gordon mendez silva shaw snyder dixon munoz muñoz hicks
holmes palmer wagner robertson boyd salazar warren meyer schmidt garza daniels ferguson nichols
stephens soto weaver gardner payne dunn kelley spencer hawkins arnold pierce vazquez hansen santos
bradley elliott cunningham duncan armstrong hudson carroll riley andrews alvarado delgado perkins
hoffman johnston matthews peña pena richards contreras willis carpenter sandoval guerrero chapman
rios estrada ortega watkins greene nuñez nunez wheeler valdez burke larson maldonado morrison
carlson domínguez dominguez lynch singh vega montgomery jensen harvey williamson gilbert sims
espinoza howell wong reid hanson mccoy garrett fuller wang weber welch rojas márquez marquez
yang padilla walsh bowman schultz luna fowler mejía mejia davidson acosta brewer juárez juarez
pearson curtis cortez cortés schneider barrett navarro figueroa keller ávila avila molina hopkins
campos barnett caldwell lambert miranda ayala frazier leonard carrillo sutton fleming rhodes
shelton schwartz norris jennings durán duran walters cohen mcdaniel moran vaughn becker barker
o'brien obrien o'connor oconnor
zhang liu huang zhao zhou xu zhu guo liang xie tang deng feng cao peng zeng tian pan yuan cai
jiang cheng ding
pham hoang huynh phan dang bui ngo duong
choi jung jeong kang cho yoon jang lim kwon hwang ahn
sato suzuki takahashi tanaka watanabe ito yamamoto nakamura kobayashi kato yoshida yamada sasaki
yamaguchi matsumoto inoue kimura hayashi shimizu
bautista ocampo aquino villanueva
shah sharma kumar gupta mehta reddy iyer nair menon pillai chatterjee banerjee mukherjee bose
ghosh joshi desai kapoor malhotra chopra verma agarwal jain khan ahmed hussain siddiqui qureshi
chaudhry chaudhary rahman hossain begum bhatt trivedi pandey mishra tiwari
okafor okeke okonkwo nwosu eze adeyemi ogunleye balogun mensah asante owusu boateng osei appiah
addo acheampong mwangi ochieng njoroge wanjiku mutua kipchoge diallo traoré traore diop ndiaye
camara keita touré toure coulibaly nkosi dlamini ndlovu mokoena khumalo tshabalala mahlangu
tesfaye bekele haile girma
müller mueller fischer schulz hoffmann richter neumann zimmermann krüger hofmann hartmann schmitt
krause meier lehmann dubois durand lefebvre leroy moreau laurent rousseau fournier girard bonnet
fontaine rossi russo ferrari esposito bianchi romano colombo ricci marino greco conti deluca
giordano mancini rizzo lombardi moretti kowalski nowak wiśniewski wisniewski wójcik wojcik
kowalczyk kamiński kaminski lewandowski zieliński zielinski ivanov petrov smirnov popov sokolov
volkov kuznetsov horvat jovanović jovanovic petrović petrovic nielsen andersen larsen olsen
johansson andersson karlsson nilsson eriksson larsson svensson gustafsson virtanen korhonen byrne
doyle mccarthy gallagher fitzgerald kavanagh macdonald mackenzie fraser mcleod
haddad khoury nasser saleh hamdan abdullah mansour aziz farouk
oliveira pereira ferreira alves ribeiro carvalho gomes sousa souza araújo araujo barbosa
nascimento
`,
  LIBRARY_SURNAMES,
);

/** Given names that are also everyday words, months or places: they need context or a surname. */
export const AMBIGUOUS_FIRST = words(`
will may june april august mark grace hope faith joy rose bill art pat sue jack chase dawn amber
summer autumn ray don rich frank carol holly ivy lily daisy iris ruby jade crystal destiny sunny rob
max drew gene guy hunter miles sandy harper austin madison charlotte victoria georgia virginia
eugene tyler aurora jordan christian jean jan jun sol luz lane angel an joy nick jade eve sam kim
yu lucky hazel stella avery penelope ella mason
`);

// Words that must never start or extend a name: English words often capitalised at the start of
// a chat message, calendar words, places, and the drugs, brands and organisations that appear in
// clinic and shop traffic.
export const NON_NAME_WORDS = words(`
a an the i i'm im i'd i'll i've me my mine we our us you your yours he him his she her hers they
them their it its it's this that these those there here what which who whom whose when where why
how all any both each few more most other some such no nor not only own same so than too very can
cannot could should would will shall may might must do does did done doing is am are was were be
been being have has had having get got gets getting go goes going gone went come comes came make
made take takes took need needs want wants like just also still yet already again ever never always
please pls plz thanks thank thx ty hi hello hey dear yes yeah yep no nope ok okay sure sorry
appreciate appreciated gracias merci danke
mom mum dad mother father daughter wife husband brother sister aunt uncle cousin grandma grandpa
grandmother grandfather
welcome regards best cheers sincerely good great fine hope hoping let lets let's see saw seen
tell told ask asked call called calling text texted send sent sending check checking confirm
confirmed cancel cancelled reschedule rescheduled book booked booking update updated new old
and or but if then because as at by for from in into of off on onto out over to up with within
without about above after before below between during under until upon via per
today tomorrow tonight yesterday morning afternoon evening night week weekend month year day
monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec
appointment appointments appt refill refills prescription prescriptions rx order orders shipping
shipment delivery package tracking invoice bill billing payment balance refund price total card
account insurance claim copay deductible visit checkup follow follow-up results lab labs test
tests scan xray x-ray mri ct ultrasound vaccine flu covid shot dose doses pharmacy clinic hospital
office center centre medical health healthcare care urgent dental dentistry family pediatrics
pediatric associates group labs laboratory imaging therapy physical surgery department dept
university college school institute foundation church bank street st avenue ave road rd boulevard
blvd lane drive dr court way place suite apt unit floor building room north south east west
patient patients doctor dr doc nurse provider staff team support customer service desk front
reception receptionist manager admin pharmacist technician assistant member members
mr mrs ms miss mx prof sir madam
email e-mail mail fax phone cell mobile text use step gift batch charge ship send login logout
password portal app website site link code promo coupon item items sku qty quantity total subtotal
tax fee fees price cost discount sale deal offer voucher receipt number id ref status pending
paid due overdue reminder notice alert warning error issue problem question answer help info
update news hours open closed holiday lunch break parking permit form forms document documents
report record records chart file files photo photos picture image attachment
note notes message reply urgent asap fyi btw re fw fwd attn subject
usa us america american canada uk england london paris berlin madrid rome tokyo seoul beijing
shanghai mumbai delhi lagos nairobi accra manila toronto vancouver montreal sydney melbourne
dublin glasgow manchester birmingham mexico bogota lima texas california florida york new
chicago houston phoenix philadelphia dallas jacksonville columbus indianapolis
seattle denver boston nashville detroit portland memphis louisville baltimore milwaukee
albuquerque tucson fresno sacramento atlanta miami oakland minneapolis tulsa cleveland tampa
orlando pittsburgh cincinnati springfield riverside angeles ohio oregon san santa los las fort
port mount lake saint
washington nevada arizona colorado utah idaho montana illinois michigan indiana kentucky
tennessee alabama mississippi louisiana arkansas missouri iowa kansas nebraska dakota minnesota
wisconsin pennsylvania jersey maryland delaware connecticut massachusetts vermont maine hampshire
carolina alaska hawaii oklahoma wyoming
medicare medicaid aetna cigna humana kaiser permanente anthem blue cross shield unitedhealthcare
united tricare ambetter molina centene oscar
cvs walgreens rite aid walmart target costco kroger amazon ups fedex usps dhl visa mastercard
amex discover paypal venmo zelle stripe apple google android iphone ipad samsung pixel fitbit
dexcom medtronic omnipod libre freestyle tandem zoom teams whatsapp gmail outlook yahoo
tylenol advil motrin aleve ibuprofen acetaminophen aspirin lisinopril metformin atorvastatin
lipitor amoxicillin azithromycin zithromax ozempic wegovy mounjaro zepbound insulin humalog
lantus novolog synthroid levothyroxine zoloft sertraline prozac fluoxetine lexapro xanax
alprazolam adderall ritalin humira eliquis xarelto warfarin plavix crestor zocor simvastatin
amlodipine losartan gabapentin prednisone albuterol ventolin flonase zyrtec claritin allegra
benadryl omeprazole prilosec nexium pantoprazole metoprolol hydrochlorothiazide furosemide lasix
tramadol oxycodone hydrocodone vicodin norco percocet ambien trazodone wellbutrin cymbalta
effexor abilify seroquel keppra lamictal dupixent enbrel trulicity jardiance farxiga januvia
victoza saxenda paxlovid tamiflu valtrex viagra cialis
`);

/** Words after a name that turn it into an organisation ("Mercy Clinic", "Smith Family Dental"). */
export const ORG_SUFFIXES = words(`
clinic clinics hospital hospitals medical health healthcare pharmacy pharmacies dental dentistry
center centre family pediatrics associates group labs laboratory laboratories imaging therapy
institute foundation university college school church bank street st avenue ave road rd
boulevard blvd lane ln drive court way place park inc llc ltd co corp company pharmaceuticals
hall house memorial county city state insurance care sons partners plc pty ab ag gmbh kg oy
sa srl spa bv nv tbk asociados scr llp lp station airport terminal museum stadium arena cathedral
mall
`);

/** Lower-case particles inside surnames: "de la Cruz", "van der Berg", "bin Salman". */
export const NAME_PARTICLES = words(
  `de del della la le van von der den da das dos di du bin binti ibn al el ter`,
);

// Firms named after people that clinics and shops talk about (insurers, drug makers, health
// systems, banks, fashion houses), beside compromise's list of organisations: written as the
// firm writes itself, a person's name in every other way.
const EPONYMOUS_FIRMS = `
eli lilly|johns hopkins|johns hopkins medicine|bristol myers squibb|bristol-myers squibb|merck|abbott
boehringer ingelheim|charles schwab|morgan stanley|merrill lynch|wells fargo|goldman sachs|edward jones
louis vuitton|tommy hilfiger|hugo boss|estée lauder|estee lauder|ralph lauren|calvin klein|dr oetker
dr. oetker|christian dior|giorgio armani|yves saint laurent|michael kors|kate spade|tory burch
marc jacobs|vera wang|dolce gabbana|mayo clinic|kaiser permanente|cleveland clinic|sloan kettering
john deere|walt disney|levi strauss|ben jerry|marks spencer|dow jones|smith nephew|bausch lomb
becton dickinson|boston scientific|thermo fisher|fresenius|sanofi|roche|novo nordisk|walgreens
carl zeiss|welch allyn|hill-rom|zimmer biomet|b. braun|hoffmann-la roche|dr. scholl|dr scholl
`;

/** Organisation names, lower case: single words and phrases of up to four words. */
export const ORGANIZATIONS: ReadonlySet<string> = new Set([
  ...LIBRARY_ORGANIZATIONS,
  ...EPONYMOUS_FIRMS.trim().split(/[|\n]/),
]);
