/* The reusable parts of the OpenAPI document: shared query parameters and
 * the schemas of the answers most clients read.  JSON with ' for " (see
 * route_docs.h).  Fields a client cannot count on (absent for some roles,
 * or null) are left out of "required" or marked nullable. */
#include "http/route_docs.h"

#define INT    "{'type':'integer'}"
#define NINT   "{'type':'integer','nullable':true}"
#define STR    "{'type':'string'}"
#define NSTR   "{'type':'string','nullable':true}"
#define BOOL   "{'type':'boolean'}"
#define ARR    "{'type':'array'}"
#define STRS   "{'type':'array','items':{'type':'string'}}"
#define INTS   "{'type':'array','items':{'type':'integer'}}"
#define REF(n) "{'$ref':'#/components/schemas/" n "'}"
/* A status change: who moved it from what to what, when. */
#define HISTORY "{'type':'array','items':" REF("History") "}"

/* Laid out by hand, one schema after another: clang-format would wrap the
 * concatenation around every macro. */
/* clang-format off */
const char route_doc_components[] =
    "{'parameters':{"
    "'page':{'name':'page','in':'query','description':'Page number, from 1',"
    "'schema':{'type':'integer','minimum':1,'maximum':1000000,'default':1}},"
    "'page_size':{'name':'page_size','in':'query','description':'Rows per page',"
    "'schema':{'type':'integer','minimum':1,'maximum':200,'default':20}},"
    "'cursor':{'name':'cursor','in':'query','description':'The next_cursor of the previous page',"
    "'schema':{'type':'string'}},"
    "'limit':{'name':'limit','in':'query','description':'Rows per page of a cursor list',"
    "'schema':{'type':'integer','minimum':1,'maximum':100,'default':20}}"
    "},'schemas':{"
    /* ---- shapes every area shares ---- */
    "'Error':{'type':'object','required':['error'],'properties':{'error':{'type':'object',"
    "'required':['code','message'],'properties':{'code':" STR ",'message':" STR
    ",'field':" NSTR "}}}},"
    "'Page':{'type':'object','required':['items','total','page','page_size'],"
    "'properties':{'items':" ARR ",'total':" INT ",'page':" INT ",'page_size':" INT "}},"
    "'Cursor':{'type':'object','required':['items','total','next_cursor'],"
    "'properties':{'items':" ARR ",'total':" INT ",'next_cursor':" NSTR "}},"
    "'Items':{'type':'object','required':['items'],'properties':{'items':" ARR "}},"
    "'Ok':{'type':'object','required':['ok'],'properties':{'ok':" BOOL "}},"
    "'NoFields':{'type':'object','additionalProperties':false,"
    "'description':'An action that takes no fields: no body, or {}'},"
    "'Health':{'type':'object','required':['status'],'properties':{'status':" STR "}},"
    "'History':{'type':'object','required':['to_status','at'],'properties':{'from_status':" NSTR
    ",'to_status':" STR ",'at':" INT ",'note':" NSTR ",'actor':" NSTR "}},"
    /* ---- accounts and sessions ---- */
    "'OrgRef':{'type':'object','nullable':true,'properties':{'id':" INT ",'kind':" STR
    ",'name':" STR ",'status':" STR "}},"
    "'Account':{'type':'object','required':['id','login','role','display_name','status'],"
    "'properties':{'id':" INT ",'login':" STR ",'role':{'type':'string','enum':['operator',"
    "'college','enterprise','student','judge','mentor','officer']},'display_name':" STR
    ",'status':" STR ",'created_at':" INT ",'last_login_at':" NINT ",'mfa_enabled':" BOOL
    ",'org':" REF("OrgRef") "}},"
    "'MfaStatus':{'type':'object','required':['enabled'],'properties':{'required':" BOOL
    ",'enabled':" BOOL ",'enrolment_required':" BOOL ",'recovery_codes_left':" INT
    ",'enabled_at':" NINT "}},"
    "'Session':{'type':'object','required':['account','csrf_token'],'properties':{"
    "'account':" REF("Account") ",'csrf_token':" STR ",'mfa':" REF("MfaStatus") "}},"
    "'LoginAnswer':{'description':'A session, or the second step of a staff login',"
    "'anyOf':[" REF("Session") ",{'type':'object','required':['mfa_required','mfa_token'],"
    "'properties':{'mfa_required':" BOOL ",'mfa_token':" STR ",'expires_in':" INT "}}]},"
    "'Organization':{'type':'object','required':['id','kind','name','status'],'properties':{"
    "'id':" INT ",'kind':" STR ",'name':" STR ",'code':" NSTR ",'credit_code':" NSTR
    ",'status':" STR ",'reject_reason':" NSTR ",'contact_name':" NSTR ",'campus':" NSTR
    ",'city_code':" NSTR ",'college_type':" NSTR ",'industry_code':" NSTR ",'in_zone':" INT
    ",'is_demo':" INT ",'created_at':" INT "}},"
    "'ApiToken':{'type':'object','required':['id','name','prefix','scopes','created_at',"
    "'expires_at','state'],'properties':{'id':" INT ",'name':" STR ",'prefix':" STR
    ",'scopes':" STRS ",'created_at':" INT ",'created_by':" NSTR ",'expires_at':" INT
    ",'last_used_at':" NINT ",'revoked_at':" NINT ",'state':{'type':'string','enum':["
    "'active','expired','revoked']}}},"
    /* ---- recruitment ---- */
    "'ContactView':{'type':'object','required':['phone','source','granted_at'],'properties':{"
    "'phone':" NSTR ",'source':{'type':'string','enum':['interview','offer']},'granted_at':" INT
    "}},"
    "'UnreadCount':{'type':'object','required':['application_id','unread'],'properties':{"
    "'application_id':" INT ",'unread':" INT "}},"
    "'Invitation':{'type':'object','required':['id','application_id','starts_at','minutes',"
    "'format','status'],'properties':{'id':" INT ",'application_id':" INT ",'starts_at':" INT
    ",'minutes':" INT ",'format':{'type':'string','enum':['onsite','online','phone']}"
    ",'place':" NSTR ",'link':" NSTR ",'contact_name':" NSTR ",'contact_phone':" NSTR
    ",'note':" NSTR ",'status':" STR ",'answer_note':" NSTR ",'answered_at':" NINT
    ",'created_at':" INT ",'updated_at':" INT ",'application_status':" STR
    ",'position_title':" STR ",'enterprise_name':" STR ",'student_name':" NSTR "}},"
    "'Position':{'type':'object','required':['id','enterprise_id','title','kind','status'],"
    "'properties':{'id':" INT ",'enterprise_id':" INT ",'enterprise_name':" STR
    ",'in_zone':" INT ",'industry_code':" NSTR ",'title':" STR ",'kind':" STR
    ",'min_degree':" NINT ",'headcount':" NINT ",'salary_min':" NINT ",'salary_max':" NINT
    ",'city_code':" NSTR ",'city_name':" NSTR ",'address':" NSTR ",'deadline':" NINT
    ",'grad_year_min':" NINT ",'grad_year_max':" NINT ",'status':" STR
    ",'reject_reason':" NSTR ",'is_demo':" INT ",'created_at':" INT ",'updated_at':" INT
    ",'description':" NSTR ",'majors':{'type':'array','items':{'type':'object',"
    "'properties':{'code':" STR ",'name':" STR ",'level':" NSTR "}}},"
    "'required_skills':{'type':'array','items':" REF("Skill") "},"
    "'preferred_skills':{'type':'array','items':" REF("Skill") "},"
    "'applications':" INT ",'unread':" INT "}},"
    "'Skill':{'type':'object','required':['id','name'],'properties':{'id':" STR ",'name':" STR
    "}},"
    "'Application':{'type':'object','required':['id','status','position_id','student_id'],"
    "'properties':{'id':" INT ",'status':" STR ",'note':" NSTR ",'created_at':" INT
    ",'updated_at':" INT ",'position_id':" INT ",'position_title':" STR
    ",'position_kind':" STR ",'enterprise_id':" INT ",'enterprise_name':" STR
    ",'student_id':" INT ",'student_name':" STR ",'college_id':" INT ",'college_name':" STR
    ",'major_code':" NSTR ",'major_name':" NSTR ",'grad_year':" NINT ",'degree':" NINT
    ",'phone':{'type':'string','nullable':true,'description':'Masked unless the caller is "
    "entitled'},'history':" HISTORY "}},"
    "'Student':{'type':'object','required':['id','college_id','name'],"
    "'description':'phone and id_number are masked for all but the entitled (audited)',"
    "'properties':{'id':" INT ",'account_id':" NINT ",'college_id':" INT
    ",'college_name':" STR ",'college_type':" NSTR ",'student_no':" STR ",'name':" STR
    ",'gender':" NSTR ",'major_code':" NSTR ",'major_name':" NSTR ",'grad_year':" NINT
    ",'degree':" NINT ",'skills':" STRS ",'tags':" STRS ",'certificates':" ARR
    ",'cities':" STRS ",'salary_min':" NINT ",'salary_max':" NINT ",'discoverable':" INT
    ",'personalised':" INT ",'phone':" NSTR ",'id_number':" NSTR ",'is_demo':" INT
    ",'created_at':" INT ",'updated_at':" INT ",'resume':" NSTR "}},"
    /* ---- job fairs ---- */
    "'Fair':{'type':'object','required':['id','kind','name','status','starts_at','ends_at'],"
    "'properties':{'id':" INT ",'kind':" STR ",'name':" STR ",'host_college_id':" NINT
    ",'host_college':" NSTR ",'venue':" NSTR ",'starts_at':" INT ",'ends_at':" INT
    ",'booths':" NINT ",'capacity':" NINT ",'zones':" ARR ",'ticket_limit':" NINT
    ",'slot_minutes':" NINT ",'gap_minutes':" NINT ",'description':" NSTR ",'status':" STR
    ",'status_label':" STR ",'is_demo':" INT ",'created_at':" INT ",'updated_at':" INT
    ",'enterprises':" INT ",'pending_signups':" INT ",'positions':" INT ",'registered':" INT
    ",'entered':" INT ",'eligible_colleges':" INTS ",'eligible_majors':" STRS
    ",'eligible_years':" INTS ",'my_signup':{'type':'object','nullable':true},"
    "'history':" HISTORY "}},"
    "'GateEntry':{'type':'object','required':['registration_id','student_id','name'],"
    "'properties':{'registration_id':" INT ",'code':" STR ",'walk_in':" INT
    ",'entered_at':" NINT ",'left_at':" NINT ",'scans':" INT ",'student_id':" INT ",'name':" STR
    ",'gender':" NSTR ",'grad_year':" NINT ",'college':" NSTR ",'major':" NSTR "}},"
    "'GateStats':{'type':'object','required':['registered','entered','inside','left','recent'],"
    "'properties':{'registered':" INT ",'entered':" INT ",'inside':" INT ",'left':" INT
    ",'walk_ins':" INT
    ",'repeat_scans':" INT ",'recent':{'type':'array','items':" REF("GateEntry") "}}},"
    "'GateResult':{'type':'object','required':['result','message'],'properties':{"
    "'result':" STR ",'message':" STR ",'student':" REF("GateEntry") "}},"
    "'FairPass':{'type':'object','required':['registration'],'properties':{'registration':{"
    "'type':'object','required':['id','code'],'properties':{'id':" INT ",'code':" STR
    ",'walk_in':" INT ",'registered_at':" INT ",'entered_at':" NINT ",'pass':" STR
    ",'expires_at':" INT ",'qr_svg':" STR "}}}},"
    /* ---- any area: an object named by its id (its other fields as the GET of it) ---- */
    "'Entity':{'type':'object','required':['id'],'properties':{'id':" INT "}},"
    /* ---- internships (src/api/api_coop_internships.c) ---- */
    "'InternRule':{'type':'object','required':['code','label','text'],'properties':{'code':" STR
    ",'label':" STR ",'text':" STR "}},"
    "'MinWage':{'type':'object','required':['code','name','monthly'],'properties':{'code':" STR
    ",'name':" STR ",'monthly':" INT ",'source':" STR "}},"
    /* ---- incubator places and bookings (src/domain/incubator_sites.c, _bookings.c) ---- */
    "'IncSite':{'type':'object','required':['id','kind','name'],'properties':{'id':" INT
    ",'kind':" STR ",'kind_label':" STR ",'name':" STR ",'college_id':" NINT ",'college':" NSTR
    ",'address':" NSTR ",'area_m2':" NINT ",'zones':" INT ",'rooms':" INT ",'seats':" INT
    ",'residents':" INT "}},"
    "'IncZone':{'type':'object','required':['id','site_id','name'],'properties':{'id':" INT
    ",'site_id':" INT ",'site':" NSTR ",'name':" STR ",'purpose':" NSTR ",'area_m2':" NINT
    ",'plan_w':" NINT ",'plan_h':" NINT ",'sort':" NINT ",'rooms':" INT ",'seats':" INT "}},"
    "'IncRoom':{'type':'object','required':['id','zone_id','kind','name'],'properties':{'id':" INT
    ",'name':" STR ",'kind':" STR ",'kind_label':" STR ",'site_id':" INT ",'site':" NSTR
    ",'zone_id':" INT ",'zone':" NSTR ",'capacity':" NINT ",'area_m2':" NINT ",'equipment':" STRS
    ",'bookable':" BOOL ",'book_roles':" STRS ",'open_from':" NSTR ",'open_to':" NSTR
    ",'open_days':" INTS ",'slot_minutes':" NINT ",'max_minutes':" NINT ",'advance_days':" NINT
    ",'week_quota_minutes':" NINT ",'x':" NINT ",'y':" NINT ",'w':" NINT ",'h':" NINT
    ",'state':" STR ",'bookings':" ARR ",'from':" INT
    ",'to':" INT "}},"
    "'IncSeat':{'type':'object','required':['id','zone_id','kind','label'],'properties':{'id':" INT
    ",'label':" STR ",'kind':" STR ",'kind_label':" STR ",'area_m2':" NINT ",'capacity':" NINT
    ",'equipment':" STRS ",'x':" NINT ",'y':" NINT ",'w':" NINT ",'h':" NINT
    ",'prize_reserved':" BOOL ",'zone_id':" INT ",'zone':" NSTR ",'site_id':" INT ",'site':" NSTR
    ",'assignment_id':" NINT ",'next_start':" NINT ",'state':" STR ",'state_label':" STR "}},"
    "'IncBooking':{'type':'object','required':['id','room_id','start_at','end_at','status'],"
    "'properties':{'id':" INT ",'room_id':" INT ",'room':" NSTR ",'zone':" NSTR ",'site':" NSTR
    ",'start_at':" INT ",'end_at':" INT ",'start':" STR ",'end':" STR ",'status':" STR
    ",'status_label':" STR ",'hold_until':" NINT ",'title':" NSTR ",'booked_by':" NINT
    ",'booker':" NSTR ",'booker_kind':" NSTR ",'project_id':" NINT ",'project':" NSTR
    ",'activity_id':" NINT ",'series_id':" NINT ",'checked_in_at':" NINT ",'cancelled_at':" NINT
    ",'created_at':" INT "}},"
    "'IncMilestone':{'type':'object','required':['id','title','due_at'],'properties':{'id':" INT
    ",'title':" STR ",'due_at':" INT ",'done_at':" NINT ",'note':" NSTR "}},"
    "'IncProject':{'type':'object','required':['id','name','status'],'properties':{'id':" INT
    ",'name':" STR ",'summary':" NSTR ",'industry':" NSTR ",'source':" STR ",'source_label':" STR
    ",'prize_ref':" NINT ",'company_name':" NSTR ",'credit_code':" NSTR ",'enterprise_id':" NINT
    ",'enterprise':" NSTR ",'college_id':" NINT ",'college':" NSTR ",'site_id':" NINT
    ",'site':" NSTR ",'status':" STR ",'status_label':" STR ",'mentor_wishes':" ARR
    ",'plan_name':" NSTR ",'plan_size':" NINT ",'plan_at':" NINT ",'has_plan':" BOOL
    ",'applied_by':" NINT ",'applied_at':" NINT ",'reviewed_at':" NINT ",'review_reason':" NSTR
    ",'agreement_start':" NINT ",'agreement_end':" NINT ",'left_at':" NINT
    ",'leave_reason':" NSTR ",'created_at':" INT ",'updated_at':" INT ",'members':" INT
    ",'mentors':" INT ",'last_report':" NINT ",'late_reports':" INT ",'my_view':" NSTR
    ",'member_list':" ARR ",'mentor_list':" ARR ",'seats':" ARR
    ",'milestones':{'type':'array','items':" REF("IncMilestone") "},'history':" ARR "}},"
    "'IncActivity':{'type':'object','required':['id','kind','title','status','starts_at',"
    "'ends_at'],'properties':{'id':" INT ",'kind':" STR ",'kind_label':" STR ",'title':" STR
    ",'description':" NSTR ",'organiser':" NSTR ",'site_id':" NINT ",'site':" NSTR
    ",'room_id':" NINT ",'room':" NSTR ",'booking_id':" NINT ",'venue':" NSTR
    ",'starts_at':" INT ",'ends_at':" INT ",'start':" STR ",'end':" STR ",'capacity':" NINT
    ",'audience_colleges':" ARR ",'audience_majors':" ARR ",'residents_only':" BOOL
    ",'status':" STR ",'status_label':" STR ",'registered':" INT ",'waiting':" INT
    ",'attended':" INT ",'feedbacks':" INT ",'rating':{'type':'number','nullable':true}"
    ",'my_status':" NSTR ",'organiser_view':" BOOL "}},"
    "'IncService':{'type':'object','required':['id','project_id','kind','status'],'properties':{"
    "'id':" INT ",'project_id':" INT ",'project':" NSTR ",'kind':" STR ",'kind_label':" STR
    ",'title':" NSTR ",'detail':" NSTR ",'status':" STR ",'status_label':" STR
    ",'requested_at':" INT ",'requested_by':" NSTR ",'assignee_id':" NINT ",'assignee':" NSTR
    ",'assigned_at':" NINT ",'done_at':" NINT ",'result':" NSTR ",'rating':" NINT
    ",'rating_comment':" NSTR ",'rated_at':" NINT "}},"
    "'IncSession':{'type':'object','required':['id','project_id','starts_at','ends_at','status'],"
    "'properties':{'id':" INT ",'project_id':" INT ",'project':" NSTR ",'mentor_id':" NINT
    ",'mentor':" NSTR ",'starts_at':" INT ",'ends_at':" INT ",'start':" STR ",'end':" STR
    ",'booking_id':" NINT ",'room':" NSTR ",'topic':" NSTR ",'status':" STR ",'status_label':" STR
    ",'outcome':" NSTR ",'rating':" NINT ",'rating_comment':" NSTR ",'rated_at':" NINT
    ",'created_at':" INT "}},"
    /* ---- zone services (src/domain/services*.c) ---- */
    "'SvcDepartment':{'type':'object','required':['id','name','members'],'properties':{'id':" INT
    ",'name':" STR ",'items':" INT ",'members':{'type':'array','items':{'type':'object',"
    "'required':['account_id','is_head'],'properties':{'account_id':" INT ",'is_head':" BOOL
    ",'login':" STR ",'display_name':" STR "}}}}},"
    "'SvcOfficer':{'type':'object','required':['id','login','departments'],'properties':{'id':" INT
    ",'login':" STR ",'display_name':" STR ",'departments':{'type':'array','items':{"
    "'type':'object','required':['id','name'],'properties':{'id':" INT ",'name':" STR
    ",'is_head':" BOOL "}}}}},"
    "'SvcItem':{'type':'object','required':['id','code','name','status','materials'],"
    "'properties':{'id':" INT ",'code':" STR ",'name':" STR ",'statutory_days':" NINT
    ",'committed_days':" NINT ",'no_application':" BOOL ",'description':" NSTR ",'status':" STR
    ",'open_cases':" INT ",'materials':{'type':'array','items':{'type':'object',"
    "'required':['name','required'],'properties':{'id':" INT ",'name':" STR ",'required':" BOOL
    ",'tolerable':" BOOL "}}},'department':{'type':'object','nullable':true},"
    "'departments':" ARR "}},"
    "'SvcPolicy':{'type':'object','required':['id','title','conditions','score_sheet'],"
    "'properties':{'id':" INT ",'title':" STR ",'summary':" NSTR ",'department_id':" NINT
    ",'department_name':" NSTR ",'conditions':{'type':'object'},'score_sheet':{'type':'array',"
    "'items':{'type':'object','required':['key','name','max'],'properties':{'key':" STR
    ",'name':" STR ",'max':" INT "}}},'pass_score':" NINT ",'max_amount':" NINT
    ",'no_application':" BOOL ",'created_at':" INT ",'updated_at':" INT "}},"
    "'SvcRound':{'type':'object','required':['id','policy_id','name','stage'],'properties':{"
    "'id':" INT ",'policy_id':" INT ",'policy_title':" STR ",'no_application':" BOOL ",'name':" STR
    ",'opens_on':" NSTR ",'closes_on':" NSTR ",'publicity_days':" NINT ",'budget':" NINT
    ",'stage':" STR ",'phase':" STR ",'publicity_from':" NSTR ",'publicity_to':" NSTR
    ",'created_at':" INT ",'applications':" INT ",'policy':" REF("SvcPolicy")
    ",'figures':{'type':'object'}}},"
    "'SvcFollowup':{'type':'object','required':['id','status','rating','contact','rectify',"
    "'callback'],'description':'actions: the steps open to the caller (officers only)',"
    "'properties':{'id':" INT ",'status':" STR ",'opened_on':" STR
    ",'closed_on':" NSTR ",'second_rating_id':" NINT ",'updated_at':" INT
    ",'rating':{'type':'object','required':['id','level'],'properties':{'id':" INT ",'level':" INT
    ",'comment':" NSTR ",'rated_on':" STR ",'named':" BOOL "}},'contact':{'type':'object'},"
    "'rectify':{'type':'object'},'callback':{'type':'object'},"
    "'appeal':{'type':'object','nullable':true},'review':{'type':'object','nullable':true},"
    "'department':{'type':'object','nullable':true},'actions':" STRS "}}"
    "}}";
/* clang-format on */
