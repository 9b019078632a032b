// The icons the menu table may name (imported one by one to keep the bundle small).
import {
  Calendar, HomeFilled, User, UserFilled, OfficeBuilding, Stamp, Document, Lock, Setting, Search, Briefcase,
  Tickets, Postcard, Avatar, School, DataAnalysis, Upload, Reading, MagicStick, Connection, Key, Notebook,
  Trophy, EditPen, ChatDotRound,
} from '@element-plus/icons-vue'

export const icons = {
  Calendar, HomeFilled, User, UserFilled, OfficeBuilding, Stamp, Document, Lock, Setting, Search, Briefcase,
  Tickets, Postcard, Avatar, School, DataAnalysis, Upload, Reading, MagicStick, Connection, Key, Notebook,
  Trophy, EditPen, ChatDotRound,
}
